package io.github.idvkit.examples.cli;

import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.UserId;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Holdings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code idv forget USER}. */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description = "Erase every face, image and record of a user, then read the stores back to show"
        + " that nothing is left. Safe to repeat.")
final class ForgetCommand extends VerifierCommand {

  @Parameters(index = "0", paramLabel = "USER", description = "The user id.")
  String userId = "";

  @Override
  public Integer call() {
    UserId user = user(userId);
    try (Backend backend = openBackend()) {
      ForgetResult receipt;
      try (IdentityVerifier idv = backend.open()) {
        receipt = idv.forget(user);
      }
      Holdings left = backend.holdings(user);
      out().println((receipt.anythingDeleted() ? "FORGOTTEN " : "NOTHING STORED for ") + userId);
      out().println("  deleted   " + Holdings.plural(receipt.deletedFaces().size(), "face") + ", "
          + Holdings.plural(receipt.deletedImages(), "image") + ", "
          + Holdings.plural(receipt.deletedRecords(), "record"));
      out().println("  left      " + left.counts());
      return finish(out(), left.isEmpty() ? ExitCode.OK : ExitCode.PROVIDER);
    }
  }
}
