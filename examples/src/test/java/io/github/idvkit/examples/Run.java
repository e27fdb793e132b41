package io.github.idvkit.examples;

import io.github.idvkit.local.LocalFaceEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs an example program in this JVM and captures what it prints. */
public record Run(int exitCode, String out, String err) {

  /**
   * Runs a command.
   *
   * @param command the picocli command
   * @param factory creates subcommands
   * @param args the arguments
   * @return the exit code and output
   */
  public static Run of(Object command, CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Launcher.commandLine(command, factory);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * Runs a command.
   *
   * @param command the picocli command
   * @param args the arguments
   * @return the exit code and output
   */
  public static Run of(Object command, String... args) {
    return of(command, CommandLine.defaultFactory(), args);
  }

  /**
   * Returns a factory that hands this engine to every {@link ProviderOptions} it can reach.
   *
   * @param engine the shared engine
   * @return the factory
   */
  public static CommandLine.IFactory sharing(LocalFaceEngine engine) {
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = CommandLine.defaultFactory().create(type);
        if (made instanceof ProviderOptions options) {
          options.engine(engine);
        }
        return made;
      }
    };
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
