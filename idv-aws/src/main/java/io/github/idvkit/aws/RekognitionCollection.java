package io.github.idvkit.aws;

import io.github.idvkit.FaceId;
import io.github.idvkit.IdvException;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.PagedStream;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.IndexedFace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Face;
import software.amazon.awssdk.services.rekognition.model.ListFacesRequest;

/** One Rekognition collection and what the index and both its modes do with it the same way. */
record RekognitionCollection(RekognitionClient client, String collectionId, String resource) {

  RekognitionCollection(RekognitionClient client, String collectionId) {
    this(client, collectionId, "collection '" + collectionId + "'");
  }

  /** The faces of a {@code ListFaces} listing, lazily, with the SDK's paginator. */
  Stream<Face> faces(Consumer<ListFacesRequest.Builder> filter) {
    ListFacesRequest.Builder request = ListFacesRequest.builder().collectionId(collectionId).maxResults(4096);
    filter.accept(request);
    ListFacesRequest built = request.build();
    return PagedStream.of(RekognitionMapping.PROVIDER, "ListFaces", resource,
            () -> client.listFacesPaginator(built).faces().iterator())
        .filter(face -> face.faceId() != null);
  }

  /**
   * The idv user a face belongs to: the user its {@code ExternalImageId} names, unless the face is
   * associated with a Rekognition user other than that user's. Empty for a foreign face.
   */
  Optional<UserId> owner(Face face) {
    return RekognitionIds.userOf(face.externalImageId()).filter(user -> face.userId() == null
        || face.userId().isEmpty() || face.userId().equals(RekognitionIds.rekognitionUserId(user)));
  }

  IndexedFace indexedFace(Face face, UserId user, @Nullable String modelVersion) {
    IndexedFace.Builder indexed = IndexedFace.builder().faceId(FaceId.of(face.faceId())).userId(user)
        .provider(RekognitionMapping.PROVIDER).collectionId(collectionId);
    String version = face.indexFacesModelVersion() != null ? face.indexFacesModelVersion() : modelVersion;
    Optional.ofNullable(version).ifPresent(indexed::modelVersion);
    return indexed.build();
  }

  static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      batches.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
    }
    return batches;
  }

  <T> T call(String operation, Supplier<T> call) {
    return AwsExceptionTranslator.call(RekognitionMapping.PROVIDER, operation, resource, call);
  }

  IdvException translate(RuntimeException e, String operation) {
    return AwsExceptionTranslator.translate(e, RekognitionMapping.PROVIDER, operation, resource);
  }
}
