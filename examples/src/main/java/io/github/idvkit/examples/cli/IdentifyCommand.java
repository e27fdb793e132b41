package io.github.idvkit.examples.cli;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.Outcomes;
import io.github.idvkit.examples.Photos;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code idv identify SELFIE}. */
@Command(
    name = "identify",
    mixinStandardHelpOptions = true,
    description = "Find who a selfie shows, without a claimed identity (1:N): the best user must reach"
        + " the threshold and beat the runner-up by the margin.")
final class IdentifyCommand extends VerifierCommand {

  @Parameters(index = "0", paramLabel = "SELFIE", description = "A JPEG or PNG photo of a face.")
  Path selfie = Path.of("");

  @Override
  public Integer call() {
    FaceImage selfieImage = photo(selfie, "selfie");
    try (Backend backend = openBackend();
        IdentityVerifier idv = backend.open()) {
      IdentifyResult result = idv.identify(req -> req.selfie(selfieImage));
      String score = Outcomes.versus(result.similarity(), idv.policy().identifyThreshold());
      String runnerUp = result.runnerUpSimilarity().map(Object::toString).orElse("none");
      switch (result.decision()) {
        // The user asked who this is: the answer is the user id.
        case IDENTIFIED -> out().println("IDENTIFIED " + result.userId().map(u -> u.value()).orElse("?")
            + System.lineSeparator() + "  similarity " + score + ", runner-up " + runnerUp);
        case NOT_RECOGNIZED -> out().println("NOT_RECOGNIZED" + System.lineSeparator()
            + "  best match " + score + ", runner-up " + runnerUp);
        case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> out().println(result.decision() + System.lineSeparator()
            + "  the selfie cannot be used: " + Outcomes.photoProblem(result.decision(), result.qualityIssues()));
      }
      return finish(out(), Outcomes.exitCode(result.decision()));
    }
  }
}
