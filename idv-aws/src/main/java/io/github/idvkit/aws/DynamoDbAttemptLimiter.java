package io.github.idvkit.aws;

import static io.github.idvkit.aws.internal.GuardTable.EXPIRES_AT;
import static io.github.idvkit.aws.internal.GuardTable.EXPIRES_AT_MILLIS;
import static io.github.idvkit.aws.internal.GuardTable.PK;
import static io.github.idvkit.aws.internal.GuardTable.n;

import io.github.idvkit.ProviderException;
import io.github.idvkit.aws.internal.DynamoDbTables;
import io.github.idvkit.aws.internal.GuardTable;
import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.AttemptRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An {@link AttemptLimiter} on a DynamoDB table shared by every app instance: one item per key
 * ({@code pk = "attempt#<key>"}), counted with conditional updates, forgotten by DynamoDB's time to
 * live on {@code expiresAt} (turn it on once with {@link #enableTimeToLive()}; until DynamoDB deletes
 * an expired item, reads ignore it). Keys are digests, so items hold no raw user or device id.
 *
 * <pre>{@code
 * DynamoDbAttemptLimiter attempts = DynamoDbAttemptLimiter.builder()
 *     .dynamoDbClient(dynamo).tableName("idv-guard").build();
 * attempts.createTableIfMissing();
 * attempts.enableTimeToLive();
 * }</pre>
 *
 * <p>The table (partition key {@code pk}, string) may be shared with {@link
 * DynamoDbLivenessSessionStore}. Thread-safe; it never closes its client.
 */
public final class DynamoDbAttemptLimiter implements AttemptLimiter {

  private static final String FAILURES = "failures";
  private static final String LAST_FAILURE_AT = "lastFailureAt";

  private final GuardTable table;

  private DynamoDbAttemptLimiter(GuardTable table) {
    this.table = table;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the table (partition key {@code pk}, on-demand billing) unless it exists.
   *
   * @return {@link ResourceStatus#CREATED} or {@link ResourceStatus#EXISTED}
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public ResourceStatus createTableIfMissing() {
    return table.createIfMissing() ? ResourceStatus.CREATED : ResourceStatus.EXISTED;
  }

  /**
   * Turns on DynamoDB's time to live on the {@code expiresAt} attribute, so counters of keys that
   * stopped failing are deleted. Once per table.
   *
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public void enableTimeToLive() {
    table.enableTimeToLive();
  }

  /**
   * Deletes the table, if it exists. For tests and tear-down.
   *
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public boolean deleteTable() {
    return table.deleteTable();
  }

  @Override
  public Optional<AttemptRecord> find(String key, Instant now) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(now, "now");
    return table.find(pk(key), now).map(item -> record(key, item));
  }

  @Override
  public AttemptRecord recordFailure(String key, Instant at, Instant expiresAt) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(at, "at");
    Map<String, AttributeValue> item = GuardTable.item(pk(key), Objects.requireNonNull(expiresAt, "expiresAt"));
    item.put(FAILURES, n(1));
    item.put(LAST_FAILURE_AT, n(at.toEpochMilli()));
    Map<String, AttributeValue> values = Map.of(":one", n(1), ":zero", n(0), ":at", item.get(LAST_FAILURE_AT),
        ":exp", item.get(EXPIRES_AT), ":expMs", item.get(EXPIRES_AT_MILLIS));
    for (int tries = 0; tries < 10; tries++) {
      // Count on: the key has no item, or one that has not expired at the failure's time.
      Optional<Map<String, AttributeValue>> counted = table.update(pk(key),
          "SET " + FAILURES + " = if_not_exists(" + FAILURES + ", :zero) + :one, " + LAST_FAILURE_AT
              + " = :at, " + EXPIRES_AT + " = :exp, " + EXPIRES_AT_MILLIS + " = :expMs",
          "attribute_not_exists(" + PK + ") OR " + EXPIRES_AT_MILLIS + " >= :at", values);
      if (counted.isPresent()) {
        return record(key, counted.get());
      }
      // Start over: the item expired (DynamoDB has not deleted it yet); replace it if still so.
      // If another instance counted in between, the put fails and the loop counts on top of it.
      if (table.put(item, EXPIRES_AT_MILLIS + " < :at", Map.of(":at", values.get(":at")))) {
        return record(key, item);
      }
    }
    throw new ProviderException(ProviderException.Kind.CONFLICT, "dynamodb", "UpdateItem", null,
        "an attempt counter in table '" + table.tableName() + "' kept changing under concurrent writes", null);
  }

  @Override
  public void reset(String key) {
    AttemptLimiter.requireKey(key);
    table.delete(pk(key));
  }

  private static String pk(String key) {
    return "attempt#" + key;
  }

  private static AttemptRecord record(String key, Map<String, AttributeValue> item) {
    return AttemptRecord.builder()
        .key(key)
        .consecutiveFailures(Integer.parseInt(item.get(FAILURES).n()))
        .lastFailureAt(Instant.ofEpochMilli(Long.parseLong(item.get(LAST_FAILURE_AT).n())))
        .build();
  }

  @Override
  public String toString() {
    return "DynamoDbAttemptLimiter[tableName=" + table.tableName() + "]";
  }

  /** Builds a {@link DynamoDbAttemptLimiter}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DynamoDbClient client;
    private @Nullable String tableName;

    private Builder() {}

    /**
     * Uses this client, configured as you like. Required; the limiter never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder dynamoDbClient(DynamoDbClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the table's name. Required.
     *
     * @param tableName 3-255 characters of {@code [a-zA-Z0-9_.\-]}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a valid table name
     */
    public Builder tableName(String tableName) {
      this.tableName = DynamoDbTables.validName(tableName, "table");
      return this;
    }

    /**
     * Builds the limiter.
     *
     * @return the limiter
     * @throws IllegalStateException if the client or the table name is missing
     */
    public DynamoDbAttemptLimiter build() {
      if (client == null || tableName == null) {
        throw new IllegalStateException("DynamoDbAttemptLimiter.builder() needs dynamoDbClient(...) and tableName(...)");
      }
      return new DynamoDbAttemptLimiter(new GuardTable(client, tableName));
    }
  }
}
