package io.github.idvkit.examples.cli;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginResult;
import io.github.idvkit.UserId;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.Outcomes;
import io.github.idvkit.examples.Photos;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code idv login USER SELFIE}. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = "Check that a selfie shows the user it claims to be: VERIFIED only if that user is"
        + " the best match at or above the login threshold.")
final class LoginCommand extends VerifierCommand {

  @Parameters(index = "0", paramLabel = "USER", description = "The user id the person claims.")
  String userId = "";

  @Parameters(index = "1", paramLabel = "SELFIE", description = "A JPEG or PNG photo of the person's face.")
  Path selfie = Path.of("");

  @Override
  public Integer call() {
    UserId user = user(userId);
    FaceImage selfieImage = photo(selfie, "selfie");
    try (Backend backend = openBackend();
        IdentityVerifier idv = backend.open()) {
      LoginResult result = idv.login(req -> req.userId(user).selfie(selfieImage));
      String score = Outcomes.versus(result.similarity(), idv.policy().loginThreshold());
      out().println(result.decision() + " " + userId);
      switch (result.decision()) {
        case VERIFIED -> out().println("  similarity " + score);
        case NOT_MATCHED -> out().println("  the selfie does not show this user (" + score + ")");
        case NOT_REGISTERED -> out().println("  this user has no registered face; run 'idv register' first");
        case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> out().println("  the selfie cannot be used: "
            + Outcomes.photoProblem(result.decision(), result.qualityIssues()));
      }
      return finish(out(), Outcomes.exitCode(result.decision()));
    }
  }
}
