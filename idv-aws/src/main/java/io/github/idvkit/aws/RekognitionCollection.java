package io.github.idvkit.aws;

import io.github.idvkit.FaceId;
import io.github.idvkit.IdvException;
import io.github.idvkit.ProviderException;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.PagedStream;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.IndexedFace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Face;
import software.amazon.awssdk.services.rekognition.model.ListFacesRequest;
import software.amazon.awssdk.services.rekognition.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.rekognition.model.ResourceNotFoundException;

/** One Rekognition collection and what the index and both its modes do with it the same way. */
record RekognitionCollection(RekognitionClient client, String collectionId, String resource) {

  RekognitionCollection(RekognitionClient client, String collectionId) {
    this(client, collectionId, "collection '" + collectionId + "'");
  }

  /** The collection's face count and model version ({@code DescribeCollection}); empty if missing. */
  Optional<CollectionInfo> describe() {
    return callUnless(ResourceNotFoundException.class, "DescribeCollection",
        () -> client.describeCollection(r -> r.collectionId(collectionId))).map(response -> {
          CollectionInfo.Builder info = CollectionInfo.builder().provider(RekognitionMapping.PROVIDER)
              .collectionId(collectionId).faceCount(response.faceCount() == null ? 0 : response.faceCount());
          Optional.ofNullable(response.faceModelVersion()).ifPresent(info::modelVersion);
          return info.build();
        });
  }

  /** Creates the collection (sending {@code Tags} only if there are some) unless it exists. */
  CollectionInfo create(Map<String, String> tags) {
    boolean created = callUnless(ResourceAlreadyExistsException.class, "CreateCollection",
        () -> client.createCollection(r -> r.collectionId(collectionId).tags(tags.isEmpty() ? null : tags))).isPresent();
    IndexMode.LOG.debug("{} [provider=rekognition, collection={}]", created ? "Created collection" : "Collection exists",
        collectionId);
    return describe().orElseThrow(() -> new ProviderException(ProviderException.Kind.UNAVAILABLE,
        RekognitionMapping.PROVIDER, "DescribeCollection", null,
        resource + " was created but cannot be described yet; try again", null));
  }

  /** Deletes the collection; {@code false} if it did not exist. */
  boolean delete() {
    boolean existed = callUnless(ResourceNotFoundException.class, "DeleteCollection",
        () -> client.deleteCollection(r -> r.collectionId(collectionId))).isPresent();
    IndexMode.LOG.debug("Deleted collection [provider=rekognition, collection={}, existed={}]", collectionId, existed);
    return existed;
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

  /** Runs a call; empty if it throws {@code expected}, an answer rather than a failure. */
  <T> Optional<T> callUnless(Class<? extends RuntimeException> expected, String operation, Supplier<T> call) {
    return AwsExceptionTranslator.callUnless(expected, RekognitionMapping.PROVIDER, operation, resource, call);
  }

  IdvException translate(RuntimeException e, String operation) {
    return AwsExceptionTranslator.translate(e, RekognitionMapping.PROVIDER, operation, resource);
  }
}
