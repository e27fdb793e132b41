package io.github.idvkit.aws.internal;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.RegistrationIntent;
import java.net.URI;
import java.time.Instant;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;

/**
 * The DynamoDB items of face records and registration intents, as documents of the enhanced
 * client; core's values carry no DynamoDB annotations. Not API.
 *
 * <p>Keys: {@code userId} (partition key, the provider-safe user id) and {@code itemId} (sort key:
 * a record's face id, or {@value #INTENT} for the user's one intent, which no face id can equal).
 * Records also hold {@code faceId}, the partition key of the face-id index, which intents lack, so
 * the index never sees them. Record attributes: {@code imageUri}, {@code provider}, {@code
 * collectionId}, {@code requestId}, {@code createdAt} (ISO-8601) and, when known, {@code
 * modelVersion}, {@code confidence}, {@code brightness}, {@code sharpness}. Intent attributes:
 * {@code requestId}, {@code attemptId}, {@code state}, {@code startedAt}, {@code updatedAt}; once
 * done {@code indexedFaceId}, {@code storedImageUri}; once committed, the record as {@code record*}
 * attributes. No image bytes.
 */
public final class DynamoDbItems {

  private static final String USER_ID = "userId";
  private static final String ITEM_ID = "itemId";
  private static final String FACE_ID = "faceId";
  private static final String ATTEMPT_ID = "attemptId";
  private static final String STATE = "state";

  /** The sort key of every intent item. */
  public static final String INTENT = "#intent";

  /** The name of the global secondary index on {@code faceId}. */
  public static final String FACE_ID_INDEX = "faceId-index";

  /** The table's schema, with the global secondary index {@link #FACE_ID_INDEX} on {@code faceId}. */
  public static final TableSchema<EnhancedDocument> SCHEMA = TableSchema.documentSchemaBuilder()
      .addIndexPartitionKey(TableMetadata.primaryIndexName(), USER_ID, AttributeValueType.S)
      .addIndexSortKey(TableMetadata.primaryIndexName(), ITEM_ID, AttributeValueType.S)
      .addIndexPartitionKey(FACE_ID_INDEX, FACE_ID, AttributeValueType.S)
      .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
      .build();

  private DynamoDbItems() {}

  /** Maps a record to its item. */
  public static EnhancedDocument record(FaceRecord record) {
    EnhancedDocument.Builder item = document(record.userId(), record.faceId().value())
        .putString(FACE_ID, record.faceId().value())
        .putString("requestId", record.requestId());
    putRecord(item, "", record);
    return item.build();
  }

  /** Tells whether an item is a face record (not the user's intent). */
  public static boolean isRecord(EnhancedDocument item) {
    String faceId = item.getString(FACE_ID);
    return faceId != null && faceId.equals(item.getString(ITEM_ID));
  }

  /** Maps a record's item back; {@link IllegalStateException} if a required attribute is missing. */
  public static FaceRecord toRecord(EnhancedDocument item) {
    UserId user = UserId.fromProviderSafe(require(item, USER_ID));
    return readRecord(item, "", user, require(item, "requestId"), require(item, FACE_ID));
  }

  /** Maps an intent to its item. */
  public static EnhancedDocument intent(RegistrationIntent intent) {
    EnhancedDocument.Builder item = document(intent.userId(), INTENT)
        .putString("requestId", intent.requestId())
        .putString(ATTEMPT_ID, intent.attemptId())
        .putString(STATE, intent.state().name())
        .putString("startedAt", intent.startedAt().toString())
        .putString("updatedAt", intent.updatedAt().toString());
    intent.faceId().ifPresent(f -> item.putString("indexedFaceId", f.value()));
    intent.image().ifPresent(i -> item.putString("storedImageUri", i.uri().toString()));
    intent.record().ifPresent(r -> putRecord(item.putString("recordFaceId", r.faceId().value()), "record", r));
    return item.build();
  }

  /** Tells whether an item is an intent. */
  public static boolean isIntent(EnhancedDocument item) {
    return INTENT.equals(item.getString(ITEM_ID));
  }

  /**
   * Maps an intent's item back; {@link IllegalStateException} if a required attribute is missing or
   * invalid.
   */
  public static RegistrationIntent toIntent(EnhancedDocument item) {
    UserId user = UserId.fromProviderSafe(require(item, USER_ID));
    String request = require(item, "requestId");
    RegistrationIntent.Builder intent = RegistrationIntent.builder().userId(user).requestId(request)
        .attemptId(require(item, ATTEMPT_ID))
        .startedAt(Instant.parse(require(item, "startedAt")))
        .updatedAt(Instant.parse(require(item, "updatedAt")));
    try {
      intent.state(RegistrationIntent.State.valueOf(require(item, STATE)));
      if (item.getString("indexedFaceId") != null) {
        intent.faceId(FaceId.of(item.getString("indexedFaceId")));
      }
      if (item.getString("storedImageUri") != null) {
        intent.image(new StoredImage(URI.create(item.getString("storedImageUri"))));
      }
      if (item.getString("recordFaceId") != null) {
        intent.record(readRecord(item, "record", user, request, item.getString("recordFaceId")));
      }
      return intent.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("A registration intent item is inconsistent: " + e.getMessage(), e);
    }
  }

  private static EnhancedDocument.Builder document(UserId user, String itemId) {
    return EnhancedDocument.builder()
        .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
        .putString(USER_ID, user.providerSafe())
        .putString(ITEM_ID, itemId);
  }

  /** Puts a record's facts, each attribute name prefixed ({@code "record"} in an intent). */
  private static void putRecord(EnhancedDocument.Builder item, String prefix, FaceRecord r) {
    item.putString(name(prefix, "imageUri"), r.image().uri().toString())
        .putString(name(prefix, "provider"), r.provider())
        .putString(name(prefix, "collectionId"), r.collectionId())
        .putString(name(prefix, "createdAt"), r.createdAt().toString());
    r.modelVersion().ifPresent(v -> item.putString(name(prefix, "modelVersion"), v));
    r.confidence().ifPresent(v -> item.putNumber(name(prefix, "confidence"), v));
    r.brightness().ifPresent(v -> item.putNumber(name(prefix, "brightness"), v));
    r.sharpness().ifPresent(v -> item.putNumber(name(prefix, "sharpness"), v));
  }

  private static FaceRecord readRecord(
      EnhancedDocument item, String prefix, UserId user, String requestId, String faceId) {
    FaceRecord.Builder record = FaceRecord.builder().userId(user).requestId(requestId)
        .faceId(FaceId.of(faceId))
        .image(new StoredImage(URI.create(require(item, name(prefix, "imageUri")))))
        .provider(require(item, name(prefix, "provider")))
        .collectionId(require(item, name(prefix, "collectionId")))
        .createdAt(Instant.parse(require(item, name(prefix, "createdAt"))))
        .confidence(number(item, name(prefix, "confidence")))
        .brightness(number(item, name(prefix, "brightness")))
        .sharpness(number(item, name(prefix, "sharpness")));
    String model = item.getString(name(prefix, "modelVersion"));
    if (model != null) {
      record.modelVersion(model);
    }
    return record.build();
  }

  /** {@code imageUri}, or {@code recordImageUri} with the prefix {@code record}. */
  private static String name(String prefix, String attribute) {
    return prefix.isEmpty() ? attribute : prefix + Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
  }

  private static OptionalDouble number(EnhancedDocument item, String attribute) {
    @Nullable SdkNumber value = item.isPresent(attribute) ? item.getNumber(attribute) : null;
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value.doubleValue());
  }

  private static String require(EnhancedDocument item, String attribute) {
    String value = item.isPresent(attribute) ? item.getString(attribute) : null;
    if (value == null) {
      throw new IllegalStateException(
          "An item lacks its '" + attribute + "' attribute; was it written by idv?");
    }
    return value;
  }
}
