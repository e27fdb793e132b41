package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.testkit.TestFaces;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Safe defaults (issue 7, item 6): hostile user ids cannot escape their key prefix. Checked on what
 * the servers hold, not on what the stores return: every object key s3proxy lists and every key
 * dynalite scans.
 */
class KeyConfinementTest {

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();
  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static final List<String> HOSTILE = List.of(
      "../../etc/passwd", "..", ".", "/", "a/../../b", "%2F..%2Fadmin", "..%2f..%2fadmin", "%2e%2e/%2e%2e",
      "alice/..", "..\\..\\windows", "/absolute/key", "prefix/faces/other", "a%00b", "x?y#z", "~root",
      "ünïcødé/../..", "faces/../../..");

  private static S3Client s3;
  private static DynamoDbClient dynamoDb;
  private static String bucket;
  private static String table;

  @BeforeAll
  static void putHostileUsers() {
    s3 = S3.client();
    dynamoDb = DYNAMO.client();
    String run = UUID.randomUUID().toString().substring(0, 8);
    bucket = "idv-keys-" + run;
    table = "idv-keys-" + run;
    s3.createBucket(b -> b.bucket(bucket));
    {
      S3ImageStore images = S3ImageStore.builder().s3Client(s3).bucket(bucket).prefix("tenant/").build();
      DynamoDbFaceRecordStore records =
          DynamoDbFaceRecordStore.builder().dynamoDbClient(dynamoDb).tableName(table).build();
      records.createTableIfMissing();
      for (String raw : HOSTILE) {
        UserId user = UserId.of(raw);
        FaceId face = FaceId.of("face-" + UUID.randomUUID());
        StoredImage image = images.put(user, face, TestFaces.subject("alice").image(1));
        records.create(FaceRecord.builder().userId(user).faceId(face).image(image).provider("test")
            .collectionId("c").confidence(1).requestId("r").createdAt(Instant.EPOCH).build());
      }
    }
  }

  @AfterAll
  static void closeClients() {
    s3.close();
    dynamoDb.close();
  }

  @Test
  void s3Keys_hostileUserIds_stayBelowPrefixAsHashes() {
    List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();

    assertThat(keys).hasSize(HOSTILE.size());
    assertThat(keys).allSatisfy(key -> {
      assertThat(key).matches("tenant/faces/[0-9a-f]{32}/face-[0-9a-f-]{36}\\.jpg");
      assertThat(key).doesNotContain("..", "%", "\\", "//");
    });
  }

  @Test
  void dynamoDbKeys_hostileUserIds_areProviderSafeAndReadBack() {
    List<Map<String, AttributeValue>> items = dynamoDb.scan(b -> b.tableName(table)).items();

    assertThat(items).hasSize(HOSTILE.size());
    List<String> userKeys = items.stream().map(item -> item.get("userId").s()).toList();
    assertThat(userKeys).allSatisfy(key -> {
      assertThat(key).matches("[A-Za-z0-9_.\\-:]{1,128}");
      assertThat(key).doesNotContain("/", "%", "\\").isNotIn(".", "..").doesNotStartWith(".");
    });
    assertThat(userKeys.stream().map(UserId::fromProviderSafe).map(UserId::value).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(HOSTILE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "\u001b[31m", "a\u007fb", "tab\there", "a\u0085b"})
  void userId_controlCharacters_areRefusedBeforeAnyKeyIsMade(String raw) {
    assertThatThrownBy(() -> UserId.of(raw)).isInstanceOf(IllegalArgumentException.class);
  }
}
