package io.github.idvkit.examples.tutorial;

import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.UserId;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Holdings;
import io.github.idvkit.examples.Launcher;
import io.github.idvkit.examples.ProviderOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The step the tutorial leaves out: erase a user. {@code idv.forget(..)} deletes the user's faces
 * from the collection, images from the bucket and records from the table, confirms by listing, and
 * returns a receipt; this program then reads the stores back itself.
 */
@Command(
    name = "ForgetUser",
    mixinStandardHelpOptions = true,
    description = "Erase every face, image and record of a user, and show that nothing is left.")
public final class ForgetUser implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProviderOptions provider;

  @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "The user id; the sample user by default.")
  @Nullable String userId;

  /**
   * Runs the step.
   *
   * @param args {@code --help} for the options
   */
  public static void main(String... args) {
    Launcher.main(new ForgetUser(), args);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    UserId user = UserId.of(userId != null ? userId : RegisterUser.SAMPLE_USER);
    String who = userId != null ? userId : "the sample user (eileen)";
    try (Backend backend = provider.open(false)) {
      out.println("Forgetting " + who + " on the " + backend.description());
      ForgetResult receipt;
      try (IdentityVerifier idv = backend.open()) {
        receipt = idv.forget(user);
      }
      out.println("  deleted  " + Holdings.plural(receipt.deletedFaces().size(), "face") + ", "
          + Holdings.plural(receipt.deletedImages(), "image") + ", "
          + Holdings.plural(receipt.deletedRecords(), "record") + " at " + receipt.completedAt());
      Holdings left = backend.holdings(user);
      out.println("  left     " + left.counts());
      out.flush();
      return (left.isEmpty() ? ExitCode.OK : ExitCode.PROVIDER).code();
    }
  }
}
