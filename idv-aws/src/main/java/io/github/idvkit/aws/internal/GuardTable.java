package io.github.idvkit.aws.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The table that attempt counters and liveness bindings live in: partition key {@code pk} (string),
 * a TTL attribute {@code expiresAt} (epoch seconds) and the exact expiry {@code expiresAtMillis}, no
 * image bytes and no raw ids. Several stores share one table; their keys carry a prefix each. Reads
 * are strongly consistent and ignore expired items (TTL deletes lag); a write whose condition fails
 * answers {@code false} or empty. Not API.
 */
public final class GuardTable {

  /** The partition key attribute. */
  public static final String PK = "pk";
  /** The TTL attribute, in epoch seconds. */
  public static final String EXPIRES_AT = "expiresAt";
  /** The exact expiry, in epoch milliseconds (the TTL attribute has whole seconds only). */
  public static final String EXPIRES_AT_MILLIS = "expiresAtMillis";

  private final DynamoDbClient client;
  private final String tableName;

  /** The table of that name (checked), through a client the caller owns and closes. */
  public GuardTable(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = DynamoDbTables.validName(tableName, "table");
  }

  /** The table's name. */
  public String tableName() {
    return tableName;
  }

  /** A number attribute. */
  public static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** A new item with its key and both expiry attributes (the TTL one rounded up, never early). */
  public static Map<String, AttributeValue> item(String pk, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, AttributeValue.fromS(pk));
    long seconds = expiresAt.getEpochSecond() + (expiresAt.getNano() == 0 ? 0 : 1);
    item.put(EXPIRES_AT, n(seconds));
    item.put(EXPIRES_AT_MILLIS, n(expiresAt.toEpochMilli()));
    return item;
  }

  /** The item under {@code pk}, unless missing or past its expiry at {@code now}. */
  public Optional<Map<String, AttributeValue>> find(String pk, Instant now) {
    Map<String, AttributeValue> item = call("GetItem",
        () -> client.getItem(b -> b.tableName(tableName).key(key(pk)).consistentRead(true)).item());
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    AttributeValue expires = item.get(EXPIRES_AT_MILLIS);
    boolean expired = expires != null && now.isAfter(Instant.ofEpochMilli(Long.parseLong(expires.n())));
    return expired ? Optional.empty() : Optional.of(item);
  }

  /** Puts {@code item} if {@code condition} holds; {@code false} if it does not. */
  public boolean put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
    return DynamoDbTables.callUnless(ConditionalCheckFailedException.class, tableName, "PutItem",
        () -> client.putItem(b -> b.tableName(tableName).item(item).conditionExpression(condition)
            .expressionAttributeValues(values.isEmpty() ? null : values))).isPresent();
  }

  /** Updates the item under {@code pk} if {@code condition} holds: the item after, or empty. */
  public Optional<Map<String, AttributeValue>> update(
      String pk, String update, String condition, Map<String, AttributeValue> values) {
    return DynamoDbTables.callUnless(ConditionalCheckFailedException.class, tableName, "UpdateItem",
        () -> client.updateItem(b -> b.tableName(tableName).key(key(pk)).updateExpression(update)
            .conditionExpression(condition).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)))
        .map(UpdateItemResponse::attributes);
  }

  /** Deletes the item under {@code pk}, if any. */
  public void delete(String pk) {
    call("DeleteItem", () -> client.deleteItem(b -> b.tableName(tableName).key(key(pk))));
  }

  /** Creates the table (on-demand) unless it exists, and waits until it is active. */
  public boolean createIfMissing() {
    return DynamoDbTables.createIfMissing(client, tableName, () -> client.createTable(b -> b.tableName(tableName)
        .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)));
  }

  /** Turns on DynamoDB's time to live on {@link #EXPIRES_AT}. */
  public void enableTimeToLive() {
    call("UpdateTimeToLive", () -> client.updateTimeToLive(b -> b.tableName(tableName)
        .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true))));
  }

  /** Deletes the table; {@code false} if it did not exist. */
  public boolean deleteTable() {
    return DynamoDbTables.delete(client, tableName);
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of(PK, AttributeValue.fromS(pk));
  }

  private <T> T call(String operation, java.util.function.Supplier<T> call) {
    return DynamoDbTables.call(tableName, operation, call);
  }
}
