package io.github.idvkit.aws;

import static io.github.idvkit.aws.internal.GuardTable.EXPIRES_AT;
import static io.github.idvkit.aws.internal.GuardTable.EXPIRES_AT_MILLIS;
import static io.github.idvkit.aws.internal.GuardTable.PK;
import static io.github.idvkit.aws.internal.GuardTable.n;

import io.github.idvkit.ProviderException;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.ClientFactory;
import io.github.idvkit.aws.internal.GuardTable;
import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.AttemptRecord;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

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
 * DynamoDbLivenessSessionStore}. Thread-safe. Closes its client only if it created it.
 */
public final class DynamoDbAttemptLimiter implements AttemptLimiter, AutoCloseable {

  private static final String PROVIDER = "dynamodb";
  private static final String FAILURES = "failures";
  private static final String LAST_FAILURE_AT = "lastFailureAt";

  private final DynamoDbClient client;
  private final boolean ownsClient;
  private final String tableName;
  private final String resource;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DynamoDbAttemptLimiter(String tableName, DynamoDbClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.tableName = tableName;
    this.resource = GuardTable.resource(tableName);
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
    return GuardTable.createIfMissing(client, tableName) ? ResourceStatus.CREATED : ResourceStatus.EXISTED;
  }

  /**
   * Turns on DynamoDB's time to live on the {@code expiresAt} attribute, so counters of keys that
   * stopped failing are deleted. Once per table.
   *
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public void enableTimeToLive() {
    GuardTable.enableTimeToLive(client, tableName);
  }

  /**
   * Deletes the table, if it exists. For tests and tear-down.
   *
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public boolean deleteTable() {
    return GuardTable.delete(client, tableName);
  }

  @Override
  public Optional<AttemptRecord> find(String key, Instant now) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(now, "now");
    Map<String, AttributeValue> item = AwsExceptionTranslator.call(PROVIDER, "GetItem", resource, () ->
        client.getItem(b -> b.tableName(tableName).key(GuardTable.key(pk(key))).consistentRead(true)).item());
    if (item == null || item.isEmpty() || GuardTable.expired(item, now)) {
      return Optional.empty();
    }
    return Optional.of(record(key, item));
  }

  @Override
  public AttemptRecord recordFailure(String key, Instant at, Instant expiresAt) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":one", n(1));
    values.put(":zero", n(0));
    values.put(":at", n(at.toEpochMilli()));
    values.put(":exp", n(GuardTable.epochSecondsUp(expiresAt)));
    values.put(":expMs", n(expiresAt.toEpochMilli()));
    for (int tries = 0; tries < 10; tries++) {
      try {
        // Count on: the key has no item, or one that has not expired at the failure's time.
        Map<String, AttributeValue> counted =
            client.updateItem(b -> b.tableName(tableName).key(GuardTable.key(pk(key)))
                .updateExpression("SET " + FAILURES + " = if_not_exists(" + FAILURES + ", :zero) + :one, "
                    + LAST_FAILURE_AT + " = :at, " + EXPIRES_AT + " = :exp, " + EXPIRES_AT_MILLIS + " = :expMs")
                .conditionExpression("attribute_not_exists(" + PK + ") OR " + EXPIRES_AT_MILLIS + " >= :at")
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return record(key, counted);
      } catch (ConditionalCheckFailedException expired) {
        // fall through: start over below
      } catch (RuntimeException e) {
        throw AwsExceptionTranslator.translate(e, PROVIDER, "UpdateItem", resource);
      }
      try {
        // Start over: the item expired (DynamoDB has not deleted it yet); replace it if still so.
        Map<String, AttributeValue> item = new HashMap<>(GuardTable.key(pk(key)));
        item.put(FAILURES, n(1));
        item.put(LAST_FAILURE_AT, values.get(":at"));
        item.put(EXPIRES_AT, values.get(":exp"));
        item.put(EXPIRES_AT_MILLIS, values.get(":expMs"));
        client.putItem(b -> b.tableName(tableName).item(item)
            .conditionExpression(EXPIRES_AT_MILLIS + " < :at")
            .expressionAttributeValues(Map.of(":at", values.get(":at"))));
        return AttemptRecord.builder().key(key).consecutiveFailures(1)
            .lastFailureAt(Instant.ofEpochMilli(at.toEpochMilli())).build();
      } catch (ConditionalCheckFailedException raced) {
        // another instance counted in between: count on top of it
      } catch (RuntimeException e) {
        throw AwsExceptionTranslator.translate(e, PROVIDER, "PutItem", resource);
      }
    }
    throw new ProviderException(ProviderException.Kind.CONFLICT, PROVIDER, "UpdateItem", null,
        "an attempt counter in " + resource + " kept changing under concurrent writes", null);
  }

  @Override
  public void reset(String key) {
    AttemptLimiter.requireKey(key);
    AwsExceptionTranslator.call(PROVIDER, "DeleteItem", resource, () ->
        client.deleteItem(b -> b.tableName(tableName).key(GuardTable.key(pk(key)))));
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

  /** Closes the client if this limiter created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "DynamoDbAttemptLimiter[tableName=" + tableName + "]";
  }

  /** Builds a {@link DynamoDbAttemptLimiter}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DynamoDbClient client;
    private @Nullable Region region;
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable String tableName;

    private Builder() {}

    /**
     * Uses this client; the limiter will not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder dynamoDbClient(DynamoDbClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the region of the client the limiter creates; the SDK's default chain otherwise.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Sets the credentials of the client the limiter creates; the SDK's default chain otherwise.
     *
     * @param credentials the credentials provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
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
      Objects.requireNonNull(tableName, "tableName");
      if (!tableName.matches("[a-zA-Z0-9_.\\-]{3,255}")) {
        throw new IllegalArgumentException("A DynamoDB table name must be 3-255 characters of [a-zA-Z0-9_.-]");
      }
      this.tableName = tableName;
      return this;
    }

    /**
     * Builds the limiter.
     *
     * @return the limiter
     * @throws IllegalStateException if the table name is missing
     */
    public DynamoDbAttemptLimiter build() {
      if (tableName == null) {
        throw new IllegalStateException("DynamoDbAttemptLimiter.builder() needs tableName(...)");
      }
      if (client != null) {
        return new DynamoDbAttemptLimiter(tableName, client, false);
      }
      return new DynamoDbAttemptLimiter(tableName, ClientFactory.create(DynamoDbClient.builder(), region, credentials), true);
    }
  }
}
