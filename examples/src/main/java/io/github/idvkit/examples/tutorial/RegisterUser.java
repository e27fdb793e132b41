package io.github.idvkit.examples.tutorial;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageSource;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.Launcher;
import io.github.idvkit.examples.Outcomes;
import io.github.idvkit.examples.Photos;
import io.github.idvkit.examples.ProviderOptions;
import io.github.idvkit.examples.SamplePhotos;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Tutorial section "New User Registration", done with idv: one call, {@code idv.register(..)}, runs
 * the tutorial's five steps and prints what each decided.
 *
 * <ol>
 *   <li>{@code DetectFaces}: the tutorial only counts faces. idv also applies a quality gate
 *       (brightness, sharpness, pose, face size, ...) and says what to fix.
 *   <li>{@code CompareFaces} with the ID photo at 99 % (the tutorial's advice for security; the
 *       local engine's calibrated threshold offline). The ID photo may be an {@code s3://} object,
 *       as in the tutorial.
 *   <li>{@code SearchFacesByImage}: a face that is already registered is refused, with the user it
 *       belongs to; the tutorial would let the person "log in" instead.
 *   <li>{@code IndexFaces} with {@code MaxFaces=1} and the quality filter.
 *   <li>Store the image (S3, encrypted, no public URL; the tutorial builds a public {@code
 *       https://s3.amazonaws.com/...} URL) and the face record (DynamoDB, conditional write). If a
 *       step fails after the face was indexed, idv undoes what it did.
 * </ol>
 *
 * <p>Without arguments it registers the sample user with the sample selfie against the sample ID
 * photo (see {@link SamplePhotos}: the selfie is derived from the ID photo).
 */
@Command(
    name = "RegisterUser",
    mixinStandardHelpOptions = true,
    description = "Tutorial step 2: register a new user by a selfie checked against an ID photo.")
public final class RegisterUser implements Callable<Integer> {

  static final String SAMPLE_USER = "eileen@example.com";

  @Spec CommandSpec spec;

  @Mixin ProviderOptions provider;

  @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "The user id; the sample user by default.")
  @Nullable String userId;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SELFIE", description = "The selfie; the sample selfie by default.")
  @Nullable Path selfie;

  @Option(names = "--id-photo", paramLabel = "FILE|s3://BUCKET/KEY", description = "The ID photo; the sample ID photo by default.")
  @Nullable String idPhoto;

  /**
   * Runs the step.
   *
   * @param args {@code --help} for the options
   */
  public static void main(String... args) {
    Launcher.main(new RegisterUser(), args);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    UserId user = UserId.of(userId != null ? userId : SAMPLE_USER);
    String who = userId != null ? userId : "the sample user (eileen)";
    FaceImage selfieImage = selfie != null ? Photos.read(selfie, "selfie") : SamplePhotos.selfie().image();
    ImageSource id = idPhoto != null ? Photos.readIdPhoto(idPhoto)
        : selfie == null ? SamplePhotos.idPhoto().image() : null;

    try (Backend backend = provider.open(false);
        IdentityVerifier idv = backend.open()) {
      out.println("Registering " + who + " (tutorial: New User Registration) on the " + backend.description());
      long started = System.nanoTime();
      RegisterResult result = idv.register(req -> {
        req.userId(user).selfie(selfieImage);
        if (id != null) {
          req.idPhoto(id);
        }
      });
      long millis = (System.nanoTime() - started) / 1_000_000;
      explain(out, result, idv.policy(), id != null);
      out.printf(Locale.ROOT, "%s in %d ms%s%n", result.decision(), millis,
          result.replayed() ? " (a repeated request: the first registration's result)" : "");
      out.flush();
      return Outcomes.exitCode(result.decision()).code();
    }
  }

  /** Prints what each of the tutorial's steps decided, from the result. */
  static void explain(PrintWriter out, RegisterResult result, VerificationPolicy policy, boolean withIdPhoto) {
    RegisterDecision decision = result.decision();
    Set<RegisterDecision> gateFailed = EnumSet.of(RegisterDecision.NO_FACE, RegisterDecision.MULTIPLE_FACES, RegisterDecision.LOW_QUALITY);
    boolean passedGate = !gateFailed.contains(decision);
    row(out, "DetectFaces", "one face that passes the quality gate",
        passedGate ? "yes" : "no: " + Outcomes.photoProblem(decision, result.qualityIssues()));

    boolean passedId = passedGate && decision != RegisterDecision.ID_NOT_MATCHED && decision != RegisterDecision.ID_PHOTO_NO_FACE;
    String compare;
    if (!passedGate) {
      compare = "not reached";
    } else if (!withIdPhoto) {
      compare = "skipped: no ID photo";
    } else if (decision == RegisterDecision.ID_PHOTO_NO_FACE) {
      compare = "no face on the ID photo";
    } else {
      compare = (passedId ? "yes, " : "no, ") + Outcomes.versus(result.idSimilarity(), policy.idMatchThreshold());
    }
    row(out, "CompareFaces", "the selfie matches the ID photo", compare);

    String search;
    if (!passedId) {
      search = "not reached";
    } else if (decision == RegisterDecision.FACE_ALREADY_REGISTERED) {
      search = "yes: the face belongs to " + result.existingUser().map(Object::toString).orElse("another user")
          + ", " + Outcomes.versus(result.duplicateSimilarity(), policy.duplicateThreshold());
    } else {
      search = "no (a match >= " + policy.duplicateThreshold() + " would be a duplicate)";
    }
    row(out, "SearchFacesByImage", "the face is registered already", search);

    boolean stored = decision == RegisterDecision.REGISTERED;
    row(out, "IndexFaces", "index the face", stored ? "face " + result.faceId().map(Object::toString).orElse("?") : "not reached");
    row(out, "S3 + DynamoDB", "store the image and the face record",
        stored ? result.image().map(i -> i.uri() + " and its record").orElse("stored") : "nothing stored");
  }

  private static void row(PrintWriter out, String call, String question, String answer) {
    out.printf(Locale.ROOT, "  %-19s %-38s %s%n", call, question, answer);
  }
}
