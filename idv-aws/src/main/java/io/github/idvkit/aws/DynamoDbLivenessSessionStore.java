package io.github.idvkit.aws;

import static io.github.idvkit.aws.internal.GuardTable.EXPIRES_AT;
import static io.github.idvkit.aws.internal.GuardTable.EXPIRES_AT_MILLIS;
import static io.github.idvkit.aws.internal.GuardTable.PK;
import static io.github.idvkit.aws.internal.GuardTable.n;
import static io.github.idvkit.aws.internal.GuardTable.s;

import io.github.idvkit.Flow;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.ClientFactory;
import io.github.idvkit.aws.internal.GuardTable;
import io.github.idvkit.spi.LivenessSession;
import io.github.idvkit.spi.LivenessSessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A {@link LivenessSessionStore} on a DynamoDB table shared by every app instance: one item per
 * session ({@code pk = "liveness#<session id>"}) with the user's digest, the flow and the times;
 * "used once" is a conditional update, so of two instances consuming one session exactly one wins.
 * Items expire through DynamoDB's time to live on {@code expiresAt} (reads ignore expired items
 * before DynamoDB deletes them).
 *
 * <p>The table (partition key {@code pk}, string) may be shared with {@link DynamoDbAttemptLimiter};
 * {@link DynamoDbAttemptLimiter#createTableIfMissing()} creates it. Thread-safe. Closes its client
 * only if it created it.
 */
public final class DynamoDbLivenessSessionStore implements LivenessSessionStore, AutoCloseable {

  private static final String PROVIDER = "dynamodb";

  private final DynamoDbClient client;
  private final boolean ownsClient;
  private final String tableName;
  private final String resource;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DynamoDbLivenessSessionStore(String tableName, DynamoDbClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.tableName = tableName;
    this.resource = GuardTable.resource(tableName);
  }

  /**
   * Returns a store on a table, with a client the caller owns.
   *
   * @param client the client; the store will not close it
   * @param tableName the table, as {@link DynamoDbAttemptLimiter.Builder#tableName} accepts it
   * @return the store
   */
  public static DynamoDbLivenessSessionStore create(DynamoDbClient client, String tableName) {
    DynamoDbAttemptLimiter.builder().tableName(tableName); // validates the name
    return new DynamoDbLivenessSessionStore(tableName, Objects.requireNonNull(client, "client"), false);
  }

  /**
   * Returns a store on a table, with a client it creates and closes.
   *
   * @param region the region, or {@code null} for the SDK's default chain
   * @param credentials the credentials, or {@code null} for the SDK's default chain
   * @param tableName the table
   * @return the store
   */
  public static DynamoDbLivenessSessionStore create(
      @Nullable Region region, @Nullable AwsCredentialsProvider credentials, String tableName) {
    DynamoDbAttemptLimiter.builder().tableName(tableName);
    return new DynamoDbLivenessSessionStore(
        tableName, ClientFactory.create(DynamoDbClient.builder(), region, credentials), true);
  }

  @Override
  public boolean create(LivenessSession session, Instant expiresAt) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Map<String, AttributeValue> item = new HashMap<>(GuardTable.key(pk(session.sessionId())));
    item.put("subject", s(session.subject()));
    item.put("flow", s(session.flow().name()));
    item.put("createdAt", n(session.createdAt().toEpochMilli()));
    session.usedAt().ifPresent(used -> item.put("usedAt", n(used.toEpochMilli())));
    item.put(EXPIRES_AT, n(GuardTable.epochSecondsUp(expiresAt)));
    item.put(EXPIRES_AT_MILLIS, n(expiresAt.toEpochMilli()));
    try {
      client.putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(" + PK + ")"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (RuntimeException e) {
      throw AwsExceptionTranslator.translate(e, PROVIDER, "PutItem", resource);
    }
  }

  @Override
  public Optional<LivenessSession> find(LivenessSessionId sessionId, Instant now) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(now, "now");
    Map<String, AttributeValue> item = AwsExceptionTranslator.call(PROVIDER, "GetItem", resource, () ->
        client.getItem(b -> b.tableName(tableName).key(GuardTable.key(pk(sessionId))).consistentRead(true)).item());
    if (item == null || item.isEmpty() || GuardTable.expired(item, now)) {
      return Optional.empty();
    }
    LivenessSession.Builder session = LivenessSession.builder()
        .sessionId(sessionId)
        .subject(item.get("subject").s())
        .flow(Flow.valueOf(item.get("flow").s()))
        .createdAt(Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())));
    if (item.containsKey("usedAt")) {
      session.usedAt(Instant.ofEpochMilli(Long.parseLong(item.get("usedAt").n())));
    }
    return Optional.of(session.build());
  }

  @Override
  public boolean markUsed(LivenessSessionId sessionId, Instant usedAt) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(usedAt, "usedAt");
    try {
      client.updateItem(b -> b.tableName(tableName).key(GuardTable.key(pk(sessionId)))
          .updateExpression("SET usedAt = :used")
          .conditionExpression("attribute_exists(" + PK + ") AND attribute_not_exists(usedAt)")
          .expressionAttributeValues(Map.of(":used", n(usedAt.toEpochMilli()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (RuntimeException e) {
      throw AwsExceptionTranslator.translate(e, PROVIDER, "UpdateItem", resource);
    }
  }

  private static String pk(LivenessSessionId sessionId) {
    return "liveness#" + sessionId.value();
  }

  /** Closes the client if this store created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "DynamoDbLivenessSessionStore[tableName=" + tableName + "]";
  }
}
