package io.github.idvkit.aws.internal;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.RegistrationIntent;
import java.net.URI;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The DynamoDB item of a user's {@link RegistrationIntent}, kept in the user's own partition of the
 * face-record table, with an explicit static table schema. Not API.
 *
 * <p>Keys: {@code userId} (the provider-safe user id, as for records) and {@code itemId} = {@value
 * #SORT_KEY}, which no face id can equal ({@link FaceId} allows no {@code '#'}), so a user has at
 * most one intent and a Query on the user reads it together with the records. The item has no
 * {@code faceId} attribute, so it never enters the face-id index.
 *
 * <p>Attributes: {@code requestId}, {@code attemptId}, {@code state} ({@code PENDING} or {@code
 * COMMITTED}), {@code startedAt}, {@code updatedAt}; once done, {@code indexedFaceId} and {@code
 * storedImageUri}; once committed, the record to write as {@code record*} attributes (its user and
 * request are the intent's). No image bytes.
 */
public final class RegistrationIntentItem {

  /** The sort key of every intent item. */
  public static final String SORT_KEY = "#intent";

  /** The attempt id attribute, which conditional writes compare. */
  public static final String ATTEMPT_ID = "attemptId";

  /** The state attribute, which conditional writes compare. */
  public static final String STATE = "state";

  private @Nullable String userId;
  private @Nullable String itemId;
  private @Nullable String requestId;
  private @Nullable String attemptId;
  private @Nullable String state;
  private @Nullable Instant startedAt;
  private @Nullable Instant updatedAt;
  private @Nullable String indexedFaceId;
  private @Nullable String storedImageUri;
  private @Nullable String recordFaceId;
  private @Nullable String recordImageUri;
  private @Nullable String recordProvider;
  private @Nullable String recordCollectionId;
  private @Nullable String recordModelVersion;
  private @Nullable Double recordConfidence;
  private @Nullable Double recordBrightness;
  private @Nullable Double recordSharpness;
  private @Nullable Instant recordCreatedAt;

  /**
   * Returns the table schema of intent items (the face-id index is not part of it: intents never
   * enter it).
   *
   * @return the schema
   */
  public static TableSchema<RegistrationIntentItem> schema() {
    StaticTableSchema.Builder<RegistrationIntentItem> schema =
        StaticTableSchema.builder(RegistrationIntentItem.class)
            .newItemSupplier(RegistrationIntentItem::new)
            .addAttribute(
                String.class,
                a -> a.name(FaceRecordItem.USER_ID).getter(i -> i.userId).setter((i, v) -> i.userId = v)
                    .tags(primaryPartitionKey()))
            .addAttribute(
                String.class,
                a -> a.name(FaceRecordItem.ITEM_ID).getter(i -> i.itemId).setter((i, v) -> i.itemId = v)
                    .tags(primarySortKey()));
    string(schema, "requestId", i -> i.requestId, (i, v) -> i.requestId = v);
    string(schema, ATTEMPT_ID, i -> i.attemptId, (i, v) -> i.attemptId = v);
    string(schema, STATE, i -> i.state, (i, v) -> i.state = v);
    instant(schema, "startedAt", i -> i.startedAt, (i, v) -> i.startedAt = v);
    instant(schema, "updatedAt", i -> i.updatedAt, (i, v) -> i.updatedAt = v);
    string(schema, "indexedFaceId", i -> i.indexedFaceId, (i, v) -> i.indexedFaceId = v);
    string(schema, "storedImageUri", i -> i.storedImageUri, (i, v) -> i.storedImageUri = v);
    string(schema, "recordFaceId", i -> i.recordFaceId, (i, v) -> i.recordFaceId = v);
    string(schema, "recordImageUri", i -> i.recordImageUri, (i, v) -> i.recordImageUri = v);
    string(schema, "recordProvider", i -> i.recordProvider, (i, v) -> i.recordProvider = v);
    string(schema, "recordCollectionId", i -> i.recordCollectionId, (i, v) -> i.recordCollectionId = v);
    string(schema, "recordModelVersion", i -> i.recordModelVersion, (i, v) -> i.recordModelVersion = v);
    number(schema, "recordConfidence", i -> i.recordConfidence, (i, v) -> i.recordConfidence = v);
    number(schema, "recordBrightness", i -> i.recordBrightness, (i, v) -> i.recordBrightness = v);
    number(schema, "recordSharpness", i -> i.recordSharpness, (i, v) -> i.recordSharpness = v);
    instant(schema, "recordCreatedAt", i -> i.recordCreatedAt, (i, v) -> i.recordCreatedAt = v);
    return schema.build();
  }

  private static void string(
      StaticTableSchema.Builder<RegistrationIntentItem> schema,
      String name,
      Function<RegistrationIntentItem, @Nullable String> getter,
      BiConsumer<RegistrationIntentItem, @Nullable String> setter) {
    schema.addAttribute(String.class, a -> a.name(name).getter(getter).setter(setter));
  }

  private static void number(
      StaticTableSchema.Builder<RegistrationIntentItem> schema,
      String name,
      Function<RegistrationIntentItem, @Nullable Double> getter,
      BiConsumer<RegistrationIntentItem, @Nullable Double> setter) {
    schema.addAttribute(Double.class, a -> a.name(name).getter(getter).setter(setter));
  }

  private static void instant(
      StaticTableSchema.Builder<RegistrationIntentItem> schema,
      String name,
      Function<RegistrationIntentItem, @Nullable Instant> getter,
      BiConsumer<RegistrationIntentItem, @Nullable Instant> setter) {
    schema.addAttribute(Instant.class, a -> a.name(name).getter(getter).setter(setter));
  }

  /**
   * Returns the provider-safe partition key of a user's intent.
   *
   * @param user the user
   * @return the partition key value
   */
  public static String partitionKey(UserId user) {
    return user.providerSafe();
  }

  /**
   * Maps an intent to an item.
   *
   * @param intent the intent
   * @return the item
   */
  public static RegistrationIntentItem from(RegistrationIntent intent) {
    RegistrationIntentItem item = new RegistrationIntentItem();
    item.userId = partitionKey(intent.userId());
    item.itemId = SORT_KEY;
    item.requestId = intent.requestId();
    item.attemptId = intent.attemptId();
    item.state = intent.state().name();
    item.startedAt = intent.startedAt();
    item.updatedAt = intent.updatedAt();
    item.indexedFaceId = intent.faceId().map(FaceId::value).orElse(null);
    item.storedImageUri = intent.image().map(i -> i.uri().toString()).orElse(null);
    intent.record().ifPresent(r -> {
      item.recordFaceId = r.faceId().value();
      item.recordImageUri = r.image().uri().toString();
      item.recordProvider = r.provider();
      item.recordCollectionId = r.collectionId();
      item.recordModelVersion = r.modelVersion().orElse(null);
      item.recordConfidence = r.confidence().isPresent() ? r.confidence().getAsDouble() : null;
      item.recordBrightness = r.brightness().isPresent() ? r.brightness().getAsDouble() : null;
      item.recordSharpness = r.sharpness().isPresent() ? r.sharpness().getAsDouble() : null;
      item.recordCreatedAt = r.createdAt();
    });
    return item;
  }

  /**
   * Tells whether this item is an intent (when a scan of the table read it through this schema).
   *
   * @return {@code true} for an intent item
   */
  public boolean isIntent() {
    return SORT_KEY.equals(itemId);
  }

  /**
   * Maps this item back to an intent.
   *
   * @return the intent
   * @throws IllegalStateException if a required attribute is missing or invalid
   */
  public RegistrationIntent toIntent() {
    UserId user = UserId.fromProviderSafe(require(userId, FaceRecordItem.USER_ID));
    String request = require(requestId, "requestId");
    RegistrationIntent.Builder intent =
        RegistrationIntent.builder()
            .userId(user)
            .requestId(request)
            .attemptId(require(attemptId, ATTEMPT_ID))
            .state(state(require(state, STATE)))
            .startedAt(require(startedAt, "startedAt"))
            .updatedAt(require(updatedAt, "updatedAt"));
    if (indexedFaceId != null) {
      intent.faceId(FaceId.of(indexedFaceId));
    }
    if (storedImageUri != null) {
      intent.image(new StoredImage(URI.create(storedImageUri)));
    }
    if (recordFaceId != null) {
      FaceRecord.Builder record =
          FaceRecord.builder()
              .userId(user)
              .requestId(request)
              .faceId(FaceId.of(recordFaceId))
              .image(new StoredImage(URI.create(require(recordImageUri, "recordImageUri"))))
              .provider(require(recordProvider, "recordProvider"))
              .collectionId(require(recordCollectionId, "recordCollectionId"))
              .createdAt(require(recordCreatedAt, "recordCreatedAt"));
      if (recordModelVersion != null) {
        record.modelVersion(recordModelVersion);
      }
      if (recordConfidence != null) {
        record.confidence(recordConfidence);
      }
      if (recordBrightness != null) {
        record.brightness(recordBrightness);
      }
      if (recordSharpness != null) {
        record.sharpness(recordSharpness);
      }
      intent.record(record.build());
    }
    try {
      return intent.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("A registration intent item is inconsistent: " + e.getMessage(), e);
    }
  }

  private static RegistrationIntent.State state(String value) {
    try {
      return RegistrationIntent.State.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("A registration intent item has an unknown state", e);
    }
  }

  private static <T> T require(@Nullable T value, String attribute) {
    if (value == null) {
      throw new IllegalStateException(
          "A registration intent item lacks its '" + attribute + "' attribute; was it written by idv?");
    }
    return value;
  }
}
