package io.github.idvkit.examples.cli;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageSource;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Outcomes;
import io.github.idvkit.examples.Photos;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code idv register USER SELFIE [--id-photo FILE|s3://...]}. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = "Register a user by a selfie: one good face, matching the ID photo if given, not"
        + " registered under anyone yet.")
final class RegisterCommand extends VerifierCommand {

  @Parameters(index = "0", paramLabel = "USER", description = "The user id, such as an e-mail address.")
  String userId = "";

  @Parameters(index = "1", paramLabel = "SELFIE", description = "A JPEG or PNG photo of the user's face.")
  Path selfie = Path.of("");

  @Option(
      names = "--id-photo",
      paramLabel = "FILE|s3://BUCKET/KEY",
      description = "The photo on the user's ID document; s3:// references only on the aws provider.")
  @Nullable String idPhoto;

  @Option(
      names = "--replace",
      description = "Replace the face of a user who is registered already (the old face goes only once"
          + " the new one is registered).")
  boolean replace;

  @Option(
      names = "--add-face",
      description = "Keep this selfie as another face of a registered user (it must match their latest"
          + " face as a login would); more faces make later logins more reliable.")
  boolean addFace;

  @Option(
      names = "--cleared-duplicate",
      paramLabel = "USER",
      description = "A registered user a person compared this selfie with, after DUPLICATE_SUSPECTED,"
          + " and found to be someone else (repeatable).")
  java.util.List<String> clearedDuplicates = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    UserId user = user(userId);
    FaceImage selfieImage = photo(selfie, "selfie");
    ImageSource id = idPhoto == null ? null : Photos.readIdPhoto(idPhoto, Backend.imageLimits(options().kind()));
    try (Backend backend = openBackend();
        IdentityVerifier idv = backend.open()) {
      RegisterResult result = idv.register(req -> {
        req.userId(user).selfie(selfieImage).replaceExisting(replace).addFace(addFace);
        clearedDuplicates.forEach(other -> req.addClearedDuplicates(user(other)));
        if (id != null) {
          req.idPhoto(id);
        }
      });
      return finish(out(), print(out(), userId, result, idv.policy()));
    }
  }

  static ExitCode print(PrintWriter out, String typedUser, RegisterResult result, VerificationPolicy policy) {
    out.println(result.decision() + " " + typedUser + (result.replayed() ? " (a repeated request: nothing new stored)" : ""));
    switch (result.decision()) {
      case REGISTERED -> {
        result.faceId().ifPresent(face -> out.println("  face      " + face));
        result.idSimilarity().ifPresent(s -> out.println("  ID photo  " + Outcomes.versus(result.idSimilarity(), policy.idMatchThreshold())));
        result.image().ifPresent(image -> out.println("  image     " + image.uri()));
      }
      case FACE_ALREADY_REGISTERED -> out.println("  this face is already registered to another user ("
          + result.existingUser().map(Object::toString).orElse("unknown") + ", "
          + Outcomes.versus(result.duplicateSimilarity(), policy.duplicateThreshold()) + "); nothing stored");
      case DUPLICATE_SUSPECTED -> out.println("  this face resembles a registered user's ("
          + result.existingUser().map(Object::toString).orElse("unknown") + ", "
          + Outcomes.versus(result.duplicateSimilarity(), policy.duplicateReviewThreshold().orElse(policy.duplicateThreshold()))
          + "); nothing stored. Have a person compare the two; if they are different people, register"
          + " again with --cleared-duplicate " + result.existingUser().map(Object::toString).orElse("USER"));
      case USER_NOT_MATCHED -> out.println("  the selfie does not match " + typedUser
          + "'s registered face; nothing stored");
      case USER_ALREADY_REGISTERED -> out.println("  " + typedUser + " is registered already; to give them a new"
          + " face, register again with --replace; to keep another face beside theirs, with --add-face");
      case REGISTRATION_IN_PROGRESS -> out.println("  another registration of " + typedUser
          + " is running; try again in a moment with the same request");
      case ID_NOT_MATCHED -> out.println("  the selfie does not match the ID photo ("
          + Outcomes.versus(result.idSimilarity(), policy.idMatchThreshold()) + "); nothing stored");
      case ID_PHOTO_NO_FACE -> out.println("  no face found on the ID photo; use a clear photo of the document's portrait");
      case ID_PHOTO_MULTIPLE_FACES -> out.println("  the ID photo shows several faces; use a photo of the document's portrait alone");
      case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> out.println("  the selfie cannot be used: "
          + Outcomes.photoProblem(result.decision(), result.qualityIssues()));
    }
    return Outcomes.exitCode(result.decision());
  }
}
