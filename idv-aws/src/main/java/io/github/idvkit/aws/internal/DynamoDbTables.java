package io.github.idvkit.aws.internal;

import io.github.idvkit.ProviderException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * What every idv table does with DynamoDB's control plane: names checked once, created unless it
 * exists, waited for until it and its indexes are active, deleted. Not API.
 */
public final class DynamoDbTables {

  private static final String PROVIDER = "dynamodb";
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);

  private DynamoDbTables() {}

  /** The table or index ({@code what}) name; {@link IllegalArgumentException} unless 3-255 of {@code [a-zA-Z0-9_.\-]}. */
  public static String validName(String name, String what) {
    Objects.requireNonNull(name, what + "Name");
    if (!name.matches("[a-zA-Z0-9_.\\-]{3,255}")) {
      throw new IllegalArgumentException(
          "A DynamoDB " + what + " name must be 3-255 characters of [a-zA-Z0-9_.-], got '" + name + "'");
    }
    return name;
  }

  /** A safe description of the table for messages. */
  public static String resource(String tableName) {
    return "table '" + tableName + "'";
  }

  /**
   * Creates the table with {@code create} unless it exists, then waits until it and its indexes are
   * active: polling quickly at first (local servers answer at once), then every two seconds, for at
   * most five minutes (the SDK's waiter would wait 20 s before its second poll).
   *
   * @return {@code true} if this call created it
   */
  public static boolean createIfMissing(DynamoDbClient client, String tableName, Runnable create) {
    if (exists(client, tableName)) {
      return false;
    }
    // ResourceInUse: being created elsewhere; wait for it below.
    callUnless(ResourceInUseException.class, tableName, "CreateTable", () -> {
      create.run();
      return true;
    });
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    for (long delay = 10; ; delay = Math.min(2000, delay * 2)) {
      TableDescription table = call(tableName, "DescribeTable",
          () -> client.describeTable(r -> r.tableName(tableName)).table());
      if (table.tableStatus() == TableStatus.ACTIVE
          && table.globalSecondaryIndexes().stream().allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE)) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        throw new ProviderException(ProviderException.Kind.TIMEOUT, PROVIDER, "DescribeTable", null,
            resource(tableName) + " did not become active within " + MAX_WAIT, null);
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(ProviderException.Kind.TIMEOUT, PROVIDER, "DescribeTable", null,
            "interrupted while waiting for " + resource(tableName) + " to become active", e);
      }
    }
  }

  /** Whether the table exists. */
  public static boolean exists(DynamoDbClient client, String tableName) {
    return callUnless(ResourceNotFoundException.class, tableName, "DescribeTable",
        () -> client.describeTable(r -> r.tableName(tableName))).isPresent();
  }

  /** Deletes the table; {@code false} if it did not exist. */
  public static boolean delete(DynamoDbClient client, String tableName) {
    return callUnless(ResourceNotFoundException.class, tableName, "DeleteTable",
        () -> client.deleteTable(r -> r.tableName(tableName))).isPresent();
  }

  /** Runs a call on the table, translating its failure. */
  public static <T> T call(String tableName, String operation, Supplier<T> call) {
    return AwsExceptionTranslator.call(PROVIDER, operation, resource(tableName), call);
  }

  /** Runs a call on the table; empty if it throws {@code expected}, an answer rather than a failure. */
  public static <T> Optional<T> callUnless(
      Class<? extends RuntimeException> expected, String tableName, String operation, Supplier<T> call) {
    return AwsExceptionTranslator.callUnless(expected, PROVIDER, operation, resource(tableName), call);
  }
}
