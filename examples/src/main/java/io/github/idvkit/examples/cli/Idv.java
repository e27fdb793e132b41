package io.github.idvkit.examples.cli;

import io.github.idvkit.examples.Launcher;
import io.github.idvkit.examples.ProviderOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code idv} command-line tool. Start it with the root {@code ./idv} script, or {@code java
 * -jar examples/target/idv.jar}.
 */
@Command(
    name = "idv",
    mixinStandardHelpOptions = true,
    versionProvider = Idv.Version.class,
    description = "Face-based identity verification: register, log in, identify and forget users by their faces.",
    subcommands = {
      ProvisionCommand.class,
      RegisterCommand.class,
      LoginCommand.class,
      IdentifyCommand.class,
      ForgetCommand.class,
      ListCommand.class,
      EnrollCommand.class,
      CalibrateCommand.class,
      ReconcileCommand.class,
      SamplesCommand.class,
      HelpCommand.class
    },
    footerHeading = "%n",
    footer = {
      "Providers: local (the default: offline, data in ./idv-data or --data-dir),",
      "  aws (--collection, --bucket, --table, --region), memory (synthetic test",
      "  faces only; nothing kept between commands). Environment: IDV_PROVIDER,",
      "  IDV_DATA_DIR, IDV_AWS_REGION, IDV_COLLECTION, IDV_BUCKET, IDV_TABLE.",
      "Provider options go before or after the command:",
      "  idv --provider aws login ...  or  idv login --provider aws ...",
      "Help on a command: idv help COMMAND, or idv COMMAND --help.",
      "",
      "Exit codes: 0 done; 1 refused (not matched, not registered, already",
      "  registered, an enrolment with failures, a reconcile that found items and",
      "  did not repair them); 2 usage error; 3 unusable photo (missing, not an",
      "  image, no face, several faces, low quality); 4 provider not set up",
      "  (credentials, access, missing or damaged data: the message says what to",
      "  fix); 5 provider failure (try again); 6 internal error.",
      "",
      "Try it offline:",
      "  idv samples photos",
      "  idv register alice photos/eileen-selfie.jpg --id-photo photos/eileen-id.png",
      "  idv login alice photos/eileen-login.jpg"
    })
public final class Idv implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** The provider options typed before the subcommand; each subcommand falls back to them. */
  @Mixin ProviderOptions provider;

  /**
   * Runs {@code idv}.
   *
   * @param args the command line
   */
  public static void main(String... args) {
    Launcher.main(new Idv(), args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return io.github.idvkit.examples.ExitCode.USAGE.code();
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Idv.class.getPackage().getImplementationVersion();
      return new String[] {"idv " + (version == null ? "(development build)" : version)};
    }
  }
}
