package io.github.idvkit.examples.cli;

import io.github.idvkit.UserId;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.CommandFailure;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.ProviderOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code idv} command that talks to a provider shares: the provider options and output. */
abstract class VerifierCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProviderOptions provider;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Opens the provider; on the in-memory provider, says that nothing outlives the command. */
  Backend openBackend() {
    Backend backend = provider.open(false);
    if (backend.kind() == Backend.Kind.MEMORY) {
      err().println("(memory provider: it understands only idv-testkit's synthetic faces, and nothing is"
          + " kept after this command)");
    }
    return backend;
  }

  static UserId user(String value) {
    try {
      return UserId.of(value);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCode.USAGE, "invalid user id: " + e.getMessage(), e);
    }
  }

  static int finish(PrintWriter out, ExitCode code) {
    out.flush();
    return code.code();
  }
}
