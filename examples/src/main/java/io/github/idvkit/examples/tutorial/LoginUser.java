package io.github.idvkit.examples.tutorial;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Launcher;
import io.github.idvkit.examples.Outcomes;
import io.github.idvkit.examples.Photos;
import io.github.idvkit.examples.ProviderOptions;
import io.github.idvkit.examples.SamplePhotos;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Tutorial section "Existing User Login", done with idv: {@code idv.login(..)}.
 *
 * <p>The tutorial checks the face count with {@code DetectFaces}, then searches the whole
 * collection with {@code SearchFacesByImage} at a 70 % threshold and takes the best match: a
 * stranger who resembles any registered user is logged in as that user. idv logs in a
 * <em>claimed</em> identity: {@code VERIFIED} only if the best match is the claimed user, at the
 * login threshold (99 % on AWS; the calibrated threshold on the local engine), after the quality
 * gate.
 *
 * <p>Without arguments it logs in the sample user twice: with the sample login selfie (derived from
 * her ID photo), then with a stranger's portrait, which must be refused.
 */
@Command(
    name = "LoginUser",
    mixinStandardHelpOptions = true,
    description = "Tutorial step 3: log in a registered user by a selfie.")
public final class LoginUser implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProviderOptions provider;

  @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "The claimed user id; the sample user by default.")
  @Nullable String userId;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SELFIE", description = "The selfie; by default the sample selfie, then a stranger.")
  @Nullable Path selfie;

  /**
   * Runs the step.
   *
   * @param args {@code --help} for the options
   */
  public static void main(String... args) {
    Launcher.main(new LoginUser(), args);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    UserId user = UserId.of(userId != null ? userId : RegisterUser.SAMPLE_USER);
    String who = userId != null ? userId : "the sample user (eileen)";
    try (Backend backend = provider.open(false);
        IdentityVerifier idv = backend.open()) {
      out.println("Logging in as " + who + " (tutorial: Existing User Login) on the " + backend.description());
      if (selfie != null) {
        LoginResult result = login(out, idv, user, Photos.read(selfie, selfie.toString()), selfie.toString());
        out.flush();
        return Outcomes.exitCode(result.decision()).code();
      }
      LoginResult genuine = login(out, idv, user, SamplePhotos.loginSelfie().image(), "her login selfie");
      LoginResult stranger = login(out, idv, user, SamplePhotos.stranger().image(), "Grace Hopper's portrait");
      out.flush();
      boolean right = genuine.verified() && !stranger.verified();
      return (right ? ExitCode.OK : ExitCode.REFUSED).code();
    }
  }

  private static LoginResult login(PrintWriter out, IdentityVerifier idv, UserId user, FaceImage photo, String label) {
    long started = System.nanoTime();
    LoginResult result = idv.login(req -> req.userId(user).selfie(photo));
    long millis = (System.nanoTime() - started) / 1_000_000;
    VerificationPolicy policy = idv.policy();
    boolean passedGate = !EnumSet.of(LoginDecision.NO_FACE, LoginDecision.MULTIPLE_FACES, LoginDecision.LOW_QUALITY)
        .contains(result.decision());
    out.println(" with " + label + ":");
    row(out, "DetectFaces", "one face that passes the quality gate",
        passedGate ? "yes" : "no: " + Outcomes.photoProblem(result.decision(), result.qualityIssues()));
    String search = switch (result.decision()) {
      case VERIFIED -> "yes, " + Outcomes.versus(result.similarity(), policy.loginThreshold());
      case NOT_MATCHED -> "no, " + Outcomes.versus(result.similarity(), policy.loginThreshold());
      case NOT_REGISTERED -> "no: the user has no registered face (run RegisterUser)";
      default -> "not reached";
    };
    row(out, "SearchFacesByImage", "the best match is the claimed user", search);
    out.printf(Locale.ROOT, "  -> %s in %d ms%n", result.decision(), millis);
    return result;
  }

  private static void row(PrintWriter out, String call, String question, String answer) {
    out.printf(Locale.ROOT, "  %-19s %-38s %s%n", call, question, answer);
  }
}
