package io.github.idvkit.aws.internal;

import io.github.idvkit.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The table that attempt counters and liveness bindings live in: partition key {@code pk} (string),
 * a TTL attribute {@code expiresAt} (epoch seconds), no image bytes and no raw ids. Several stores
 * may share one table; their keys carry a prefix each. Not API.
 */
public final class GuardTable {

  /** The partition key attribute. */
  public static final String PK = "pk";
  /** The TTL attribute, in epoch seconds. */
  public static final String EXPIRES_AT = "expiresAt";

  private static final String PROVIDER = "dynamodb";
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);

  private GuardTable() {}

  /** Epoch seconds of {@code at}, rounded up, so a TTL never ends early. */
  public static long epochSecondsUp(Instant at) {
    return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
  }

  /** A number attribute. */
  public static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** A string attribute. */
  public static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  /** The key of an item. */
  public static Map<String, AttributeValue> key(String pk) {
    return Map.of(PK, s(pk));
  }

  /** The exact expiry, in epoch milliseconds (the TTL attribute has whole seconds only). */
  public static final String EXPIRES_AT_MILLIS = "expiresAtMillis";

  /** Whether an item read back is past its expiry at {@code now}: TTL deletes lag, reads must not. */
  public static boolean expired(Map<String, AttributeValue> item, Instant now) {
    AttributeValue expires = item.get(EXPIRES_AT_MILLIS);
    return expires != null && now.isAfter(Instant.ofEpochMilli(Long.parseLong(expires.n())));
  }

  /** Creates the table (on-demand) unless it exists, and waits until it is active. */
  public static boolean createIfMissing(DynamoDbClient client, String tableName) {
    if (exists(client, tableName)) {
      return false;
    }
    try {
      client.createTable(b -> b.tableName(tableName)
          .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
          .attributeDefinitions(AttributeDefinition.builder().attributeName(PK)
              .attributeType(ScalarAttributeType.S).build())
          .billingMode(BillingMode.PAY_PER_REQUEST));
    } catch (ResourceInUseException e) {
      // created concurrently elsewhere
    } catch (RuntimeException e) {
      throw AwsExceptionTranslator.translate(e, PROVIDER, "CreateTable", resource(tableName));
    }
    awaitActive(client, tableName);
    return true;
  }

  /** Turns on DynamoDB's time to live on {@link #EXPIRES_AT}. */
  public static void enableTimeToLive(DynamoDbClient client, String tableName) {
    AwsExceptionTranslator.call(PROVIDER, "UpdateTimeToLive", resource(tableName), () ->
        client.updateTimeToLive(b -> b.tableName(tableName)
            .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true))));
  }

  /** Whether the table exists. */
  public static boolean exists(DynamoDbClient client, String tableName) {
    try {
      client.describeTable(b -> b.tableName(tableName));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw AwsExceptionTranslator.translate(e, PROVIDER, "DescribeTable", resource(tableName));
    }
  }

  /** Deletes the table if it exists. */
  public static boolean delete(DynamoDbClient client, String tableName) {
    try {
      client.deleteTable(b -> b.tableName(tableName));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw AwsExceptionTranslator.translate(e, PROVIDER, "DeleteTable", resource(tableName));
    }
  }

  /** A safe description of the table for messages. */
  public static String resource(String tableName) {
    return "table '" + tableName + "'";
  }

  private static void awaitActive(DynamoDbClient client, String tableName) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    long delayMillis = 10;
    while (true) {
      TableStatus status = AwsExceptionTranslator.call(PROVIDER, "DescribeTable", resource(tableName),
          () -> client.describeTable(b -> b.tableName(tableName)).table().tableStatus());
      if (status == TableStatus.ACTIVE) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ProviderException(ProviderException.Kind.TIMEOUT, PROVIDER, "DescribeTable", null,
            resource(tableName) + " did not become active within " + MAX_WAIT, null);
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(ProviderException.Kind.TIMEOUT, PROVIDER, "DescribeTable", null,
            "interrupted while waiting for " + resource(tableName), e);
      }
      delayMillis = Math.min(2000, delayMillis * 2);
    }
  }
}
