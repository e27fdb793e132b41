package io.github.idvkit.examples.cli;

import io.github.idvkit.FaceImage;
import io.github.idvkit.UserId;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.CommandFailure;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Photos;
import io.github.idvkit.examples.ProviderOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    Backend backend = options().open(false);
    if (backend.kind() == Backend.Kind.MEMORY) {
      err().println("(memory provider: it understands only idv-testkit's synthetic faces, and nothing is"
          + " kept after this command)");
    }
    return backend;
  }

  /** The provider options, with those typed before the subcommand filled in. */
  ProviderOptions options() {
    if (spec.parent() != null && spec.parent().userObject() instanceof Idv idv) {
      provider.inheritFrom(idv.provider); // global options typed before the subcommand
    }
    return provider;
  }

  /**
   * Reads a photo and checks it against the chosen provider's image limits, so that a photo too
   * small to use is reported with its role ("the ID photo"), not as "the image".
   */
  FaceImage photo(Path file, String role) {
    FaceImage image = Photos.read(file, role);
    Photos.checkSize(image, file, role, Backend.imageLimits(options().kind()));
    return image;
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
