package io.github.idvkit.aws.internal;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The DynamoDB item of one {@link FaceRecord}, with an explicit static table schema; core's values
 * carry no DynamoDB annotations. Not API.
 *
 * <p>Attributes: {@code userId} (partition key, the provider-safe user id), {@code itemId} (sort
 * key: the face id), {@code faceId} (the face id again, partition key of the face-id index), {@code
 * imageUri}, {@code provider}, {@code collectionId}, {@code modelVersion}, {@code confidence},
 * {@code brightness}, {@code sharpness}, {@code requestId}, {@code createdAt} (ISO-8601). No image
 * bytes.
 *
 * <p>The sort key is its own attribute so that other items can share the user's partition without
 * entering the face-id index: the user's {@link RegistrationIntentItem} has the sort key {@link
 * RegistrationIntentItem#SORT_KEY} and no {@code faceId}, so the index (and {@code findByFace})
 * never sees it.
 */
public final class FaceRecordItem {

  /** The partition key attribute. */
  public static final String USER_ID = "userId";

  /** The sort key attribute: a face id for a record, {@link RegistrationIntentItem#SORT_KEY} for an intent. */
  public static final String ITEM_ID = "itemId";

  /** The face id attribute, the face-id index's partition key; records only. */
  public static final String FACE_ID = "faceId";

  /** The default name of the global secondary index on {@link #FACE_ID}. */
  public static final String DEFAULT_FACE_ID_INDEX = "faceId-index";

  private @Nullable String userId;
  private @Nullable String itemId;
  private @Nullable String faceId;
  private @Nullable String imageUri;
  private @Nullable String provider;
  private @Nullable String collectionId;
  private @Nullable String modelVersion;
  private @Nullable Double confidence;
  private @Nullable Double brightness;
  private @Nullable Double sharpness;
  private @Nullable String requestId;
  private @Nullable Instant createdAt;

  /**
   * Returns the table schema, with the face-id index named {@code faceIdIndex}.
   *
   * @param faceIdIndex the name of the global secondary index on {@code faceId}
   * @return the schema
   */
  public static TableSchema<FaceRecordItem> schema(String faceIdIndex) {
    return StaticTableSchema.builder(FaceRecordItem.class)
        .newItemSupplier(FaceRecordItem::new)
        .addAttribute(
            String.class,
            a -> a.name(USER_ID).getter(i -> i.userId).setter((i, v) -> i.userId = v)
                .tags(primaryPartitionKey()))
        .addAttribute(
            String.class,
            a -> a.name(ITEM_ID).getter(i -> i.itemId).setter((i, v) -> i.itemId = v)
                .tags(primarySortKey()))
        .addAttribute(
            String.class,
            a -> a.name(FACE_ID).getter(i -> i.faceId).setter((i, v) -> i.faceId = v)
                .tags(secondaryPartitionKey(faceIdIndex)))
        .addAttribute(
            String.class, a -> a.name("imageUri").getter(i -> i.imageUri).setter((i, v) -> i.imageUri = v))
        .addAttribute(
            String.class, a -> a.name("provider").getter(i -> i.provider).setter((i, v) -> i.provider = v))
        .addAttribute(
            String.class,
            a -> a.name("collectionId").getter(i -> i.collectionId).setter((i, v) -> i.collectionId = v))
        .addAttribute(
            String.class,
            a -> a.name("modelVersion").getter(i -> i.modelVersion).setter((i, v) -> i.modelVersion = v))
        .addAttribute(
            Double.class,
            a -> a.name("confidence").getter(i -> i.confidence).setter((i, v) -> i.confidence = v))
        .addAttribute(
            Double.class,
            a -> a.name("brightness").getter(i -> i.brightness).setter((i, v) -> i.brightness = v))
        .addAttribute(
            Double.class,
            a -> a.name("sharpness").getter(i -> i.sharpness).setter((i, v) -> i.sharpness = v))
        .addAttribute(
            String.class,
            a -> a.name("requestId").getter(i -> i.requestId).setter((i, v) -> i.requestId = v))
        .addAttribute(
            Instant.class,
            a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
        .build();
  }

  /**
   * Maps a record to an item.
   *
   * @param record the record
   * @return the item
   */
  public static FaceRecordItem from(FaceRecord record) {
    FaceRecordItem item = new FaceRecordItem();
    item.userId = record.userId().providerSafe();
    item.itemId = record.faceId().value();
    item.faceId = record.faceId().value();
    item.imageUri = record.image().uri().toString();
    item.provider = record.provider();
    item.collectionId = record.collectionId();
    item.modelVersion = record.modelVersion().orElse(null);
    item.confidence = record.confidence().isPresent() ? record.confidence().getAsDouble() : null;
    item.brightness = record.brightness().isPresent() ? record.brightness().getAsDouble() : null;
    item.sharpness = record.sharpness().isPresent() ? record.sharpness().getAsDouble() : null;
    item.requestId = record.requestId();
    item.createdAt = record.createdAt();
    return item;
  }

  /**
   * Maps this item back to a record.
   *
   * @return the record
   * @throws IllegalStateException if a required attribute is missing
   */
  public FaceRecord toRecord() {
    FaceRecord.Builder record =
        FaceRecord.builder()
            .userId(UserId.fromProviderSafe(require(userId, USER_ID)))
            .faceId(FaceId.of(require(faceId, FACE_ID)))
            .image(new StoredImage(URI.create(require(imageUri, "imageUri"))))
            .provider(require(provider, "provider"))
            .collectionId(require(collectionId, "collectionId"))
            .requestId(require(requestId, "requestId"))
            .createdAt(require(createdAt, "createdAt"));
    if (modelVersion != null) {
      record.modelVersion(modelVersion);
    }
    if (confidence != null) {
      record.confidence(confidence);
    }
    if (brightness != null) {
      record.brightness(brightness);
    }
    if (sharpness != null) {
      record.sharpness(sharpness);
    }
    return record.build();
  }

  /**
   * Returns the provider-safe user id (the partition key).
   *
   * @return the key, or {@code null} on an empty item
   */
  public @Nullable String userId() {
    return userId;
  }

  /**
   * Returns the face id.
   *
   * @return the face id, or {@code null} on an item that is not a record (an intent)
   */
  public @Nullable String faceId() {
    return faceId;
  }

  /**
   * Tells whether this item is a face record, not another item of the user's partition (such as
   * the registration intent, whose sort key is not a face id and which has no {@code faceId}).
   *
   * @return {@code true} for a face record
   */
  public boolean isRecord() {
    return faceId != null && faceId.equals(itemId);
  }

  /**
   * Returns when the record was made.
   *
   * @return the time, or {@code null} on an empty item
   */
  public @Nullable Instant createdAt() {
    return createdAt;
  }

  private static <T> T require(@Nullable T value, String attribute) {
    if (value == null) {
      throw new IllegalStateException(
          "A face record item lacks its '" + attribute + "' attribute; was it written by idv?");
    }
    return value;
  }
}
