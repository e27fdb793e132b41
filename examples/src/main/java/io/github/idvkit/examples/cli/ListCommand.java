package io.github.idvkit.examples.cli;

import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Holdings;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexedFace;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code idv list USER...}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Show what the provider stores for each user, read straight from its stores: indexed faces,"
          + " images and face records.",
      "(Listing every user needs a listing operation the provider ports do not have yet.)"
    })
final class ListCommand extends VerifierCommand {

  @Parameters(arity = "1..*", paramLabel = "USER", description = "The user ids.")
  List<String> userIds = new ArrayList<>();

  @Override
  public Integer call() {
    List<UserId> users = userIds.stream().map(VerifierCommand::user).toList();
    try (Backend backend = openBackend()) {
      for (int i = 0; i < users.size(); i++) {
        Holdings holdings = backend.holdings(users.get(i));
        out().println(userIds.get(i) + ": " + (holdings.isEmpty() ? "nothing stored" : holdings.counts()));
        for (IndexedFace face : holdings.faces()) {
          out().println("  face    " + face.faceId() + "  " + face.provider() + "/" + face.collectionId()
              + face.modelVersion().map(v -> "  model " + v).orElse(""));
        }
        for (StoredImage image : holdings.images()) {
          out().println("  image   " + image.uri());
        }
        for (FaceRecord record : holdings.records()) {
          out().println("  record  " + record.faceId() + "  created " + record.createdAt()
              + "  image " + record.image().uri());
        }
      }
      return finish(out(), ExitCode.OK);
    }
  }
}
