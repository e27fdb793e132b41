package io.github.idvkit.aws;

import io.github.idvkit.FaceId;
import io.github.idvkit.ProviderException;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.ClientFactory;
import io.github.idvkit.aws.internal.FaceRecordItem;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.CreateTableEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A {@link FaceRecordStore} on an Amazon DynamoDB table, through the enhanced client.
 *
 * <pre>{@code
 * try (DynamoDbFaceRecordStore records = DynamoDbFaceRecordStore.builder()
 *     .dynamoDbClient(dynamoDb)
 *     .tableName("idv-faces")
 *     .build()) {
 *   records.createTableIfMissing();
 *   boolean written = records.create(record);
 * }
 * }</pre>
 *
 * <p>Layout: partition key {@code userId} (the {@linkplain UserId#providerSafe() provider-safe}
 * user id), sort key {@code faceId}, and a global secondary index {@code faceId-index} on {@code
 * faceId} (projection ALL), on-demand billing. Items hold no image bytes, only the {@code s3://}
 * reference. {@link #create} is a conditional put ({@code attribute_not_exists(userId)}), so of two
 * creates of one key exactly one writes.
 *
 * <p>Consistency: {@link #findByUser} reads strongly consistently. {@link #findByFace} queries the
 * global secondary index, which DynamoDB updates asynchronously: on AWS a record may be found by
 * face a moment after {@link #create} returns.
 *
 * <p>Thread-safe. Closes its client only if it created it.
 */
public final class DynamoDbFaceRecordStore implements FaceRecordStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbFaceRecordStore.class);
  private static final String PROVIDER = "dynamodb";
  private static final Duration MAX_TABLE_WAIT = Duration.ofMinutes(5);

  private final DynamoDbClient client;
  private final boolean ownsClient;
  private final String tableName;
  private final String faceIdIndex;
  private final DynamoDbTable<FaceRecordItem> table;
  private final DynamoDbIndex<FaceRecordItem> byFace;
  private final String resource;
  private final AtomicBoolean closed = new AtomicBoolean();

  DynamoDbFaceRecordStore(Builder b, DynamoDbClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.tableName = Objects.requireNonNull(b.tableName, "tableName");
    this.faceIdIndex = b.faceIdIndex;
    DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    this.table = enhanced.table(tableName, FaceRecordItem.schema(faceIdIndex));
    this.byFace = table.index(faceIdIndex);
    this.resource = "table '" + tableName + "'";
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
   * Returns the table's name.
   *
   * @return the table name
   */
  public String tableName() {
    return tableName;
  }

  /**
   * Creates the table with its face-id index (on-demand billing) unless it exists, and waits until
   * it is active.
   *
   * @return {@link ResourceStatus#CREATED} or {@link ResourceStatus#EXISTED}
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public ResourceStatus createTableIfMissing() {
    if (tableExists()) {
      return ResourceStatus.EXISTED;
    }
    try {
      table.createTable(
          CreateTableEnhancedRequest.builder()
              .globalSecondaryIndices(
                  EnhancedGlobalSecondaryIndex.builder()
                      .indexName(faceIdIndex)
                      .projection(p -> p.projectionType(ProjectionType.ALL))
                      .build())
              .build());
    } catch (ResourceInUseException e) {
      LOG.debug("Table is being created elsewhere [provider=dynamodb, table={}]", tableName);
    } catch (RuntimeException e) {
      throw translate(e, "CreateTable");
    }
    awaitActive();
    LOG.debug("Created table [provider=dynamodb, table={}, index={}]", tableName, faceIdIndex);
    return ResourceStatus.CREATED;
  }

  /**
   * Polls until the table and its indexes are active: quickly at first (local servers answer at
   * once), then every two seconds, for at most five minutes. The SDK's waiter would wait 20 s
   * before its second poll.
   */
  private void awaitActive() {
    long deadline = System.nanoTime() + MAX_TABLE_WAIT.toNanos();
    long delayMillis = 10;
    while (true) {
      TableDescription table =
          call(
              "DescribeTable",
              () -> client.describeTable(DescribeTableRequest.builder().tableName(tableName).build()))
              .table();
      boolean active =
          table.tableStatus() == TableStatus.ACTIVE
              && table.globalSecondaryIndexes().stream()
                  .allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE);
      if (active) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ProviderException(
            ProviderException.Kind.TIMEOUT,
            PROVIDER,
            "DescribeTable",
            null,
            resource + " did not become active within " + MAX_TABLE_WAIT,
            null);
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(
            ProviderException.Kind.TIMEOUT,
            PROVIDER,
            "DescribeTable",
            null,
            "interrupted while waiting for " + resource + " to become active",
            e);
      }
      delayMillis = Math.min(2000, delayMillis * 2);
    }
  }

  /**
   * Tells whether the table exists.
   *
   * @return {@code true} if it exists
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public boolean tableExists() {
    try {
      client.describeTable(DescribeTableRequest.builder().tableName(tableName).build());
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw translate(e, "DescribeTable");
    }
  }

  /**
   * Deletes the table, if it exists. For tests and tear-down.
   *
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public boolean deleteTable() {
    try {
      table.deleteTable();
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw translate(e, "DeleteTable");
    }
  }

  @Override
  public boolean create(FaceRecord record) {
    Objects.requireNonNull(record, "record");
    PutItemEnhancedRequest<FaceRecordItem> request =
        PutItemEnhancedRequest.builder(FaceRecordItem.class)
            .item(FaceRecordItem.from(record))
            .conditionExpression(
                Expression.builder()
                    .expression("attribute_not_exists(#userId)")
                    .putExpressionName("#userId", FaceRecordItem.USER_ID)
                    .build())
            .build();
    try {
      table.putItem(request);
    } catch (ConditionalCheckFailedException e) {
      LOG.debug(
          "Face record exists [provider=dynamodb, table={}, faceId={}]", tableName, record.faceId());
      return false;
    } catch (RuntimeException e) {
      throw translate(e, "PutItem");
    }
    LOG.debug(
        "Created face record [provider=dynamodb, table={}, faceId={}]", tableName, record.faceId());
    return true;
  }

  @Override
  public List<FaceRecord> findByUser(UserId user) {
    Objects.requireNonNull(user, "user");
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.keyEqualTo(Key.builder().partitionValue(user.providerSafe()).build()))
            .consistentRead(true)
            .build();
    List<FaceRecordItem> items =
        call(
            "Query",
            () -> {
              List<FaceRecordItem> all = new ArrayList<>();
              table.query(request).items().forEach(all::add);
              return all;
            });
    return items.stream()
        .map(FaceRecordItem::toRecord)
        .sorted(
            Comparator.comparing(FaceRecord::createdAt)
                .thenComparing(r -> r.faceId().value()))
        .toList();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Scans the table, following every page, with strongly consistent reads.
   */
  @Override
  public List<FaceRecord> findAll() {
    ScanEnhancedRequest request = ScanEnhancedRequest.builder().consistentRead(true).build();
    List<FaceRecordItem> items =
        call(
            "Scan",
            () -> {
              List<FaceRecordItem> all = new ArrayList<>();
              table.scan(request).items().forEach(all::add);
              return all;
            });
    return items.stream().map(FaceRecordItem::toRecord).toList();
  }

  @Override
  public Optional<FaceRecord> findByFace(FaceId faceId) {
    Objects.requireNonNull(faceId, "faceId");
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.keyEqualTo(Key.builder().partitionValue(faceId.value()).build()))
            .limit(1)
            .build();
    return call(
        "Query",
        () ->
            byFace.query(request).stream()
                .flatMap(page -> page.items().stream())
                .findFirst()
                .map(FaceRecordItem::toRecord));
  }

  @Override
  public boolean delete(UserId user, FaceId faceId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    Key key = Key.builder().partitionValue(user.providerSafe()).sortValue(faceId.value()).build();
    FaceRecordItem old = call("DeleteItem", () -> table.deleteItem(key));
    LOG.debug(
        "Deleted face record [provider=dynamodb, table={}, faceId={}, existed={}]",
        tableName,
        faceId,
        old != null);
    return old != null;
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsExceptionTranslator.call(PROVIDER, operation, resource, call);
  }

  private io.github.idvkit.IdvException translate(RuntimeException e, String operation) {
    return AwsExceptionTranslator.translate(e, PROVIDER, operation, resource);
  }

  /** Closes the DynamoDB client if this store created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  /** Builds a {@link DynamoDbFaceRecordStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DynamoDbClient client;
    private @Nullable Region region;
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable String tableName;
    private String faceIdIndex = FaceRecordItem.DEFAULT_FACE_ID_INDEX;

    private Builder() {}

    /**
     * Uses this client; the store will not close it. Without one, the store creates its own from
     * {@link #region} and {@link #credentialsProvider} and closes it on {@link #close()}.
     *
     * @param client the client
     * @return this builder
     */
    public Builder dynamoDbClient(DynamoDbClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the region of the client the store creates; the SDK's default chain otherwise.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Sets the credentials of the client the store creates; the SDK's default chain otherwise.
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
      this.tableName = validName(tableName, "table");
      return this;
    }

    /**
     * Sets the name of the global secondary index on {@code faceId}; {@code faceId-index} unless
     * set.
     *
     * @param faceIdIndex 3-255 characters of {@code [a-zA-Z0-9_.\-]}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a valid index name
     */
    public Builder faceIdIndex(String faceIdIndex) {
      this.faceIdIndex = validName(faceIdIndex, "index");
      return this;
    }

    private static String validName(String name, String what) {
      Objects.requireNonNull(name, what + "Name");
      if (!name.matches("[a-zA-Z0-9_.\\-]{3,255}")) {
        throw new IllegalArgumentException(
            "A DynamoDB " + what + " name must be 3-255 characters of [a-zA-Z0-9_.-], got '" + name
                + "'");
      }
      return name;
    }

    /**
     * Builds the store.
     *
     * @return the store
     * @throws IllegalStateException if the table name is missing
     */
    public DynamoDbFaceRecordStore build() {
      if (tableName == null) {
        throw new IllegalStateException("DynamoDbFaceRecordStore.builder() needs tableName(...)");
      }
      if (client != null) {
        return new DynamoDbFaceRecordStore(this, client, false);
      }
      return new DynamoDbFaceRecordStore(
          this, ClientFactory.create(DynamoDbClient.builder(), region, credentials), true);
    }
  }
}
