package io.github.idvkit.aws;

import static io.github.idvkit.aws.internal.GuardTable.PK;
import static io.github.idvkit.aws.internal.GuardTable.n;

import io.github.idvkit.Flow;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.aws.internal.GuardTable;
import io.github.idvkit.spi.LivenessSession;
import io.github.idvkit.spi.LivenessSessionStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@link LivenessSessionStore} on a DynamoDB table shared by every app instance: one item per
 * session ({@code pk = "liveness#<session id>"}) with the user's digest, the flow and the times;
 * "used once" is a conditional update, so of two instances consuming one session exactly one wins.
 * Items expire through DynamoDB's time to live on {@code expiresAt} (reads ignore expired items
 * before DynamoDB deletes them).
 *
 * <p>The table (partition key {@code pk}, string) may be shared with {@link DynamoDbAttemptLimiter};
 * {@link DynamoDbAttemptLimiter#createTableIfMissing()} creates it. Thread-safe; it never closes its
 * client.
 */
public final class DynamoDbLivenessSessionStore implements LivenessSessionStore {

  private final GuardTable table;

  private DynamoDbLivenessSessionStore(GuardTable table) {
    this.table = table;
  }

  /**
   * Returns a store on a table, through a client configured as you like.
   *
   * @param client the client; the store never closes it
   * @param tableName the table, 3-255 characters of {@code [a-zA-Z0-9_.\-]}
   * @return the store
   * @throws IllegalArgumentException if the name is not a valid table name
   */
  public static DynamoDbLivenessSessionStore create(DynamoDbClient client, String tableName) {
    return new DynamoDbLivenessSessionStore(new GuardTable(client, tableName));
  }

  @Override
  public boolean create(LivenessSession session, Instant expiresAt) {
    Objects.requireNonNull(session, "session");
    Map<String, AttributeValue> item =
        GuardTable.item(pk(session.sessionId()), Objects.requireNonNull(expiresAt, "expiresAt"));
    item.put("subject", AttributeValue.fromS(session.subject()));
    item.put("flow", AttributeValue.fromS(session.flow().name()));
    item.put("createdAt", n(session.createdAt().toEpochMilli()));
    session.usedAt().ifPresent(used -> item.put("usedAt", n(used.toEpochMilli())));
    return table.put(item, "attribute_not_exists(" + PK + ")", Map.of());
  }

  @Override
  public Optional<LivenessSession> find(LivenessSessionId sessionId, Instant now) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(now, "now");
    return table.find(pk(sessionId), now).map(item -> {
      LivenessSession.Builder session = LivenessSession.builder()
          .sessionId(sessionId)
          .subject(item.get("subject").s())
          .flow(Flow.valueOf(item.get("flow").s()))
          .createdAt(Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())));
      if (item.containsKey("usedAt")) {
        session.usedAt(Instant.ofEpochMilli(Long.parseLong(item.get("usedAt").n())));
      }
      return session.build();
    });
  }

  @Override
  public boolean markUsed(LivenessSessionId sessionId, Instant usedAt) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(usedAt, "usedAt");
    return table.update(pk(sessionId), "SET usedAt = :used",
        "attribute_exists(" + PK + ") AND attribute_not_exists(usedAt)",
        Map.of(":used", n(usedAt.toEpochMilli()))).isPresent();
  }

  private static String pk(LivenessSessionId sessionId) {
    return "liveness#" + sessionId.value();
  }

  @Override
  public String toString() {
    return "DynamoDbLivenessSessionStore[tableName=" + table.tableName() + "]";
  }
}
