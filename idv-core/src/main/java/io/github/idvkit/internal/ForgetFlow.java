package io.github.idvkit.internal;

import io.github.idvkit.FaceId;
import io.github.idvkit.Flow;
import io.github.idvkit.ForgetRequest;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.ProviderException;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.RegistrationIntent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases every face, image, record and registration intent of a user, in rounds until a listing
 * finds nothing, and returns a receipt. Faces go first, so the user stops matching at once; a
 * record goes only after its face and image, and the intent last, so a failed round leaves every
 * remaining item reachable for the retry. Deleting a pending intent interrupts a registration
 * running for the user: its next journal write fails and it undoes its own side effects. Not API.
 */
final class ForgetFlow {

  private static final Logger LOG = LoggerFactory.getLogger(ForgetFlow.class);
  private static final int ROUNDS = 3;

  private final FlowSupport support;
  private final VerifierConfig config;
  private final UserLocks userLocks;

  ForgetFlow(FlowSupport support, UserLocks userLocks) {
    this.support = support;
    this.config = support.config;
    this.userLocks = userLocks;
  }

  ForgetResult forget(ForgetRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    try (UserLocks.Held held = userLocks.lock(user)) {
      Erasure erasure = new Erasure(user);
      for (int round = 1; erasure.sweep(); round++) {
        if (round == ROUNDS) {
          throw new ProviderException(
              ProviderException.Kind.CONFLICT, "idv", "Forget", null,
              "after " + ROUNDS + " rounds " + user + " still has data, probably from a"
                  + " registration running at the same time; call forget again",
              null);
        }
      }
      ForgetResult receipt =
          ForgetResult.builder()
              .userId(user)
              .deletedFaces(erasure.faces)
              .deletedImages(erasure.images)
              .deletedRecords(erasure.records)
              .completedAt(config.clock().instant())
              .build();
      support.publish(
          support.event(Flow.FORGET, user).decision(receipt.anythingDeleted() ? "FORGOTTEN" : "NOTHING_TO_FORGET"),
          started);
      LOG.debug("Forget done [user={}, faces={}, images={}, records={}]",
          user, erasure.faces.size(), erasure.images, erasure.records);
      return receipt;
    }
  }

  private final class Erasure {
    private final UserId user;
    private final Set<FaceId> faces = new LinkedHashSet<>();
    private int images;
    private int records;

    Erasure(UserId user) {
      this.user = user;
    }

    /** Deletes what one listing finds; returns whether it found anything. */
    boolean sweep() {
      Optional<RegistrationIntent> intent = config.faceRecordStore().findIntent(user);
      List<FaceRecord> recorded = config.faceRecordStore().findByUser(user);
      Set<FaceId> listedFaces = new LinkedHashSet<>();
      config.faceIndex().listFaces(user).forEach(face -> listedFaces.add(face.faceId()));
      recorded.forEach(record -> listedFaces.add(record.faceId()));
      intent.flatMap(RegistrationIntent::faceId).ifPresent(listedFaces::add);
      Set<StoredImage> listedImages = new LinkedHashSet<>(config.imageStore().list(user));
      recorded.forEach(record -> listedImages.add(record.image()));
      if (listedFaces.isEmpty() && listedImages.isEmpty() && recorded.isEmpty() && intent.isEmpty()) {
        return false;
      }
      if (!listedFaces.isEmpty()) {
        faces.addAll(config.faceIndex().deleteFaces(user, listedFaces));
      }
      for (StoredImage image : listedImages) {
        if (config.imageStore().delete(image)) {
          images++;
        }
      }
      for (FaceRecord record : recorded) {
        if (config.faceRecordStore().delete(user, record.faceId())) {
          records++;
        }
      }
      intent.ifPresent(held -> config.faceRecordStore().deleteIntent(user, held.attemptId()));
      return true;
    }
  }
}
