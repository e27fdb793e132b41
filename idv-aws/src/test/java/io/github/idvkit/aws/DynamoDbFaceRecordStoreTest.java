package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.RegistrationIntent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** {@link DynamoDbFaceRecordStore} against dynalite, with the real DynamoDB client. */
class DynamoDbFaceRecordStoreTest {

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();

  private static DynamoDbClient client;
  private DynamoDbFaceRecordStore store;

  @BeforeAll
  static void createClient() {
    client = DYNAMO.client();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @BeforeEach
  void createTable() {
    store =
        DynamoDbFaceRecordStore.builder()
            .dynamoDbClient(client)
            .tableName("records-" + UUID.randomUUID())
            .build();
    store.createTableIfMissing();
  }

  @AfterEach
  void deleteTable() {
    store.deleteTable();
  }

  private static FaceRecord record(UserId user, String faceId, Instant createdAt) {
    return FaceRecord.builder()
        .userId(user)
        .faceId(FaceId.of(faceId))
        .image(StoredImage.of("s3://idv-faces/faces/0123/" + faceId + ".jpg"))
        .provider("rekognition")
        .collectionId("users")
        .modelVersion("7.0")
        .confidence(0.999)
        .brightness(0.62)
        .requestId("req-" + faceId)
        .createdAt(createdAt)
        .build();
  }

  @Test
  void createTableIfMissing_newTable_createsKeysAndFaceIdIndex() {
    TableDescription table =
        client.describeTable(b -> b.tableName(store.tableName())).table();

    assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(table.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyType())
        .containsExactly("userId:" + KeyType.HASH, "itemId:" + KeyType.RANGE);
    assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
      assertThat(index.indexName()).isEqualTo("faceId-index");
      assertThat(index.keySchema()).singleElement().satisfies(
          k -> assertThat(k.attributeName()).isEqualTo("faceId"));
      assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
    });
  }

  @Test
  void createTableIfMissing_existingTable_reportsExisted() {
    assertThat(store.createTableIfMissing()).isEqualTo(ResourceStatus.EXISTED);
  }

  @Test
  void create_newRecord_isFoundByUserAndFace() {
    UserId alice = UserId.of("alice@example.com");
    FaceRecord record = record(alice, "face-1", Instant.parse("2026-01-01T10:00:00Z"));

    boolean written = store.create(record);

    assertThat(written).isTrue();
    assertThat(store.findByUser(alice)).containsExactly(record);
    assertThat(store.findByFace(FaceId.of("face-1"))).contains(record);
  }

  @Test
  void create_sameUserAndFaceTwice_writesOnceAndKeepsFirst() {
    UserId alice = UserId.of("alice@example.com");
    FaceRecord first = record(alice, "face-1", Instant.parse("2026-01-01T10:00:00Z"));
    FaceRecord second = record(alice, "face-1", Instant.parse("2026-01-02T10:00:00Z"));

    boolean firstWritten = store.create(first);
    boolean secondWritten = store.create(second);

    assertThat(firstWritten).isTrue();
    assertThat(secondWritten).isFalse();
    assertThat(store.findByUser(alice)).containsExactly(first);
  }

  @Test
  void create_concurrentCreatesOfOneKey_exactlyOneWins() throws Exception {
    UserId alice = UserId.of("alice@example.com");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> creates =
          List.of(1, 2, 3, 4).stream()
              .map(i -> (Callable<Boolean>) () -> store.create(
                  record(alice, "face-1", Instant.parse("2026-01-01T10:00:0" + i + "Z"))))
              .toList();

      List<Future<Boolean>> results = pool.invokeAll(creates);

      long wins = 0;
      for (Future<Boolean> result : results) {
        wins += result.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void findByUser_severalRecords_returnsOldestFirstAndOnlyThatUser() {
    UserId alice = UserId.of("alice@example.com");
    UserId bob = UserId.of("bob@example.com");
    FaceRecord newer = record(alice, "face-a", Instant.parse("2026-03-01T00:00:00Z"));
    FaceRecord older = record(alice, "face-b", Instant.parse("2026-01-01T00:00:00Z"));
    store.create(newer);
    store.create(older);
    store.create(record(bob, "face-c", Instant.parse("2026-02-01T00:00:00Z")));

    List<FaceRecord> found = store.findByUser(alice);

    assertThat(found).containsExactly(older, newer);
  }

  @Test
  void findByUser_unknownUser_returnsEmpty() {
    assertThat(store.findByUser(UserId.of("nobody@example.com"))).isEmpty();
  }

  @Test
  void findByFace_unknownFace_returnsEmpty() {
    assertThat(store.findByFace(FaceId.of("no-such-face"))).isEmpty();
  }

  @Test
  void delete_existingRecord_returnsTrueThenFalse() {
    UserId alice = UserId.of("alice@example.com");
    store.create(record(alice, "face-1", Instant.parse("2026-01-01T10:00:00Z")));

    boolean first = store.delete(alice, FaceId.of("face-1"));
    boolean second = store.delete(alice, FaceId.of("face-1"));

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(store.findByUser(alice)).isEmpty();
    assertThat(store.findByFace(FaceId.of("face-1"))).isEmpty();
  }

  @Test
  void create_storesProviderSafeUserIdAndNoImageBytes() {
    UserId alice = UserId.of("Alice Smith <alice@example.com>");
    store.create(record(alice, "face-1", Instant.parse("2026-01-01T10:00:00Z")));

    Map<String, AttributeValue> item =
        client.scan(b -> b.tableName(store.tableName())).items().get(0);

    assertThat(item.get("userId").s()).isEqualTo(alice.providerSafe());
    assertThat(item.values()).noneMatch(v -> v.b() != null);
    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "userId", "itemId", "faceId", "imageUri", "provider", "collectionId", "modelVersion",
            "confidence", "brightness", "requestId", "createdAt");
  }

  @Test
  void findByUser_recordWithoutOptionalFacts_roundTripsAbsentValues() {
    UserId alice = UserId.of("alice@example.com");
    FaceRecord bare =
        FaceRecord.builder()
            .userId(alice)
            .faceId(FaceId.of("face-1"))
            .image(StoredImage.of("s3://idv-faces/faces/x/face-1.jpg"))
            .provider("rekognition")
            .collectionId("users")
            .confidence(0.5)
            .requestId("r")
            .createdAt(Instant.parse("2026-01-01T10:00:00.123456789Z"))
            .build();
    store.create(bare);

    assertThat(store.findByUser(alice)).containsExactly(bare);
  }

  @Test
  void create_missingTable_throwsConfigurationExceptionNamingTable() {
    DynamoDbFaceRecordStore missing =
        DynamoDbFaceRecordStore.builder().dynamoDbClient(client).tableName("no-such-table").build();

    assertThatThrownBy(
            () -> missing.create(record(UserId.of("a@b.c"), "face-1", Instant.EPOCH)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("table 'no-such-table'")
        .hasMessageContaining("ResourceNotFoundException");
    assertThat(missing.tableExists()).isFalse();
  }

  // ---------------------------------------------------------------- registration intents

  private static RegistrationIntent pending(UserId user, String attemptId) {
    Instant now = Instant.parse("2026-01-01T10:00:00.123456789Z");
    return RegistrationIntent.builder()
        .userId(user)
        .requestId("req-1")
        .attemptId(attemptId)
        .state(RegistrationIntent.State.PENDING)
        .startedAt(now)
        .updatedAt(now)
        .build();
  }

  private static RegistrationIntent committed(RegistrationIntent intent, FaceRecord record) {
    return intent.toBuilder()
        .state(RegistrationIntent.State.COMMITTED)
        .faceId(record.faceId())
        .image(record.image())
        .record(record)
        .updatedAt(intent.updatedAt().plusSeconds(1))
        .build();
  }

  private Map<String, AttributeValue> rawIntentItem(UserId user) {
    return client
        .getItem(b -> b.tableName(store.tableName()).consistentRead(true).key(Map.of(
            "userId", AttributeValue.fromS(user.providerSafe()),
            "itemId", AttributeValue.fromS("#intent"))))
        .item();
  }

  @Test
  void createIntent_isAnItemOfTheUsersPartitionWithoutFaceIdAndOutsideTheIndex() {
    UserId alice = UserId.of("Alice Smith <alice@example.com>");
    FaceRecord record = FaceRecord.builder().from(record(alice, "face-1", Instant.parse("2026-01-01T10:00:00Z")))
        .requestId("req-1").build();
    RegistrationIntent intent = pending(alice, "a1");
    store.createIntent(intent);
    store.replaceIntent("a1", committed(intent, record));
    store.create(record);

    Map<String, AttributeValue> item = rawIntentItem(alice);
    List<Map<String, AttributeValue>> partition =
        client.query(b -> b.tableName(store.tableName()).consistentRead(true)
            .keyConditionExpression("userId = :u")
            .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(alice.providerSafe()))))
            .items();
    List<Map<String, AttributeValue>> indexed =
        client.scan(b -> b.tableName(store.tableName()).indexName("faceId-index")).items();

    assertThat(item).doesNotContainKey("faceId").containsKeys("attemptId", "state", "recordFaceId");
    assertThat(item.get("state").s()).isEqualTo("COMMITTED");
    assertThat(item.values()).noneMatch(v -> v.b() != null);
    assertThat(partition).extracting(i -> i.get("itemId").s()).containsExactlyInAnyOrder("#intent", "face-1");
    assertThat(indexed).extracting(i -> i.get("itemId").s()).containsExactly("face-1");
    assertThat(store.findByUser(alice)).containsExactly(record);
    assertThat(store.findByFace(FaceId.of("face-1"))).contains(record);
    assertThat(store.findAll().toList()).containsExactly(record);
    assertThat(store.findIntents().toList()).containsExactly(committed(intent, record));
  }

  @Test
  void replaceIntent_byAnotherAttemptOrAfterCommit_isRefusedByTheConditionAndChangesNothing() {
    UserId alice = UserId.of("alice@example.com");
    RegistrationIntent intent = pending(alice, "a1");
    store.createIntent(intent);
    Map<String, AttributeValue> before = rawIntentItem(alice);

    boolean byOther = store.replaceIntent("a2", pending(alice, "a2"));
    boolean deleteByOther = store.deleteIntent(alice, "a2");

    assertThat(byOther).isFalse();
    assertThat(deleteByOther).isFalse();
    assertThat(rawIntentItem(alice)).isEqualTo(before);

    FaceRecord record = FaceRecord.builder().from(record(alice, "face-1", Instant.EPOCH)).requestId("req-1").build();
    assertThat(store.replaceIntent("a1", committed(intent, record))).isTrue();
    assertThat(store.replaceIntent("a1", intent)).as("a committed intent is final").isFalse();
    assertThat(store.findIntent(alice)).hasValueSatisfying(i -> assertThat(i.committed()).isTrue());
  }

  @Test
  void findIntent_committedWithoutOptionalFacts_roundTripsAbsentValues() {
    UserId alice = UserId.of("alice@example.com");
    FaceRecord bare =
        FaceRecord.builder()
            .userId(alice)
            .faceId(FaceId.of("face-1"))
            .image(StoredImage.of("s3://idv-faces/faces/x/face-1.jpg"))
            .provider("rekognition")
            .collectionId("users")
            .confidence(0.5)
            .requestId("req-1")
            .createdAt(Instant.parse("2026-01-01T10:00:00.123456789Z"))
            .build();
    RegistrationIntent intent = pending(alice, "a1");
    store.createIntent(intent);
    RegistrationIntent done = committed(intent, bare);
    store.replaceIntent("a1", done);

    assertThat(store.findIntent(alice)).contains(done);
    assertThat(rawIntentItem(alice)).doesNotContainKeys("recordModelVersion", "recordBrightness", "recordSharpness");
  }

  @Test
  void findIntents_manyUsers_readsEveryPageOfTheScan() {
    // Big enough items that the scan needs more than one 1 MB page.
    String longRequest = "r".repeat(60_000);
    for (int i = 0; i < 40; i++) {
      RegistrationIntent intent = pending(UserId.of("user-" + i), "a" + i).toBuilder().requestId(longRequest).build();
      assertThat(store.createIntent(intent)).isTrue();
    }
    store.create(record(UserId.of("user-0"), "face-1", Instant.EPOCH));

    assertThat(store.findIntents().map(RegistrationIntent::attemptId).toList()).hasSize(40).doesNotHaveDuplicates();
    assertThat(store.findAll().toList()).hasSize(1);
  }

  @Test
  void findAllAndFindIntents_missingTable_throwConfigurationExceptionBeforeTheStreamIsRead() {
    DynamoDbFaceRecordStore missing =
        DynamoDbFaceRecordStore.builder().dynamoDbClient(client).tableName("no-such-table").build();

    assertThatThrownBy(missing::findAll).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(missing::findIntents).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> missing.createIntent(pending(UserId.of("a@b.c"), "a1")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void build_withoutClient_isRefused() {
    assertThatThrownBy(() -> DynamoDbFaceRecordStore.builder().tableName("records").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dynamoDbClient");
  }
}
