package io.github.idvkit.aws;

import io.github.idvkit.FaceId;
import io.github.idvkit.ProviderException;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.FaceRecordItem;
import io.github.idvkit.aws.internal.PagedStream;
import io.github.idvkit.aws.internal.RegistrationIntentItem;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.RegistrationIntent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.CreateTableEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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
 * DynamoDbFaceRecordStore records = DynamoDbFaceRecordStore.builder()
 *     .dynamoDbClient(dynamoDb)
 *     .tableName("idv-faces")
 *     .build();
 * records.createTableIfMissing();
 * boolean written = records.create(record);
 * }</pre>
 *
 * <p>Layout: partition key {@code userId} (the {@linkplain UserId#providerSafe() provider-safe}
 * user id), sort key {@code itemId} (the face id of a record), a {@code faceId} attribute on
 * records and a global secondary index {@code faceId-index} on it (projection ALL), on-demand
 * billing. Items hold no image bytes, only the {@code s3://} reference. {@link #create} is a
 * conditional put ({@code attribute_not_exists(userId)}), so of two creates of one key exactly one
 * writes.
 *
 * <p>Registration intents: a user's {@link RegistrationIntent} is one more item in the user's own
 * partition, with the sort key {@code #intent} (no face id holds a {@code '#'}) and no {@code
 * faceId} attribute, so the face-id index never holds it and {@link #findByUser}, {@link
 * #findByFace} and {@link #findAll} skip it. Every intent write is a single conditional write
 * ({@code attribute_not_exists(userId)} to create; {@code attemptId = :attempt AND state =
 * :pending} to replace; {@code attemptId = :attempt} to delete), so of concurrent writes on one
 * user exactly one wins; no transactions, no TTL.
 *
 * <p>Consistency: {@link #findByUser}, {@link #findIntent}, {@link #findAll} and {@link
 * #findIntents} read strongly consistently. {@link #findByFace} queries the global secondary index,
 * which DynamoDB updates asynchronously: on AWS a record may be found by face a moment after {@link
 * #create} returns. {@link #findAll} and {@link #findIntents} scan the whole table, page by page as
 * the stream is read.
 *
 * <p>Thread-safe; it never closes its client.
 */
public final class DynamoDbFaceRecordStore implements FaceRecordStore {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbFaceRecordStore.class);
  private static final String PROVIDER = "dynamodb";
  private static final Duration MAX_TABLE_WAIT = Duration.ofMinutes(5);

  private final DynamoDbClient client;
  private final String tableName;
  private final String faceIdIndex;
  private final DynamoDbTable<FaceRecordItem> table;
  private final DynamoDbIndex<FaceRecordItem> byFace;
  private final DynamoDbTable<RegistrationIntentItem> intents;
  private final String resource;

  private DynamoDbFaceRecordStore(Builder b, DynamoDbClient client) {
    this.client = client;
    this.tableName = Objects.requireNonNull(b.tableName, "tableName");
    this.faceIdIndex = b.faceIdIndex;
    DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    this.table = enhanced.table(tableName, FaceRecordItem.schema(faceIdIndex));
    this.byFace = table.index(faceIdIndex);
    this.intents = enhanced.table(tableName, RegistrationIntentItem.schema());
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

  /**
   * {@inheritDoc}
   *
   * <p>One strongly consistent Query on the user's partition, following every page; the user's
   * intent item, which the Query reads too, is skipped.
   */
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
        .filter(FaceRecordItem::isRecord)
        .map(FaceRecordItem::toRecord)
        .sorted(
            Comparator.comparing(FaceRecord::createdAt)
                .thenComparing(r -> r.faceId().value()))
        .toList();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Scans the table with strongly consistent reads, one page at a time as the stream is read;
   * the first page is read before this returns. A filter ({@code attribute_exists(faceId)}) leaves
   * the intent items out.
   */
  @Override
  public Stream<FaceRecord> findAll() {
    ScanEnhancedRequest request =
        ScanEnhancedRequest.builder()
            .consistentRead(true)
            .filterExpression(
                Expression.builder()
                    .expression("attribute_exists(#faceId)")
                    .putExpressionName("#faceId", FaceRecordItem.FACE_ID)
                    .build())
            .build();
    return PagedStream.of(PROVIDER, "Scan", resource, () -> table.scan(request).items().iterator())
        .filter(FaceRecordItem::isRecord)
        .map(FaceRecordItem::toRecord);
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

  /**
   * {@inheritDoc}
   *
   * <p>A PutItem of the user's intent item with the condition {@code attribute_not_exists(userId)}.
   */
  @Override
  public boolean createIntent(RegistrationIntent intent) {
    Objects.requireNonNull(intent, "intent");
    Expression absent =
        Expression.builder()
            .expression("attribute_not_exists(#userId)")
            .putExpressionName("#userId", FaceRecordItem.USER_ID)
            .build();
    return putIntent(intent, absent, "created");
  }

  /**
   * {@inheritDoc}
   *
   * <p>A PutItem of the user's intent item with the condition {@code attemptId = :attempt AND state
   * = :pending}, which fails on a missing item too.
   */
  @Override
  public boolean replaceIntent(String attemptId, RegistrationIntent intent) {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(intent, "intent");
    Expression heldAndPending =
        Expression.builder()
            .expression("#attemptId = :attempt AND #state = :pending")
            .putExpressionName("#attemptId", RegistrationIntentItem.ATTEMPT_ID)
            .putExpressionName("#state", RegistrationIntentItem.STATE)
            .putExpressionValue(":attempt", AttributeValue.fromS(attemptId))
            .putExpressionValue(":pending", AttributeValue.fromS(RegistrationIntent.State.PENDING.name()))
            .build();
    return putIntent(intent, heldAndPending, "replaced");
  }

  private boolean putIntent(RegistrationIntent intent, Expression condition, String what) {
    PutItemEnhancedRequest<RegistrationIntentItem> request =
        PutItemEnhancedRequest.builder(RegistrationIntentItem.class)
            .item(RegistrationIntentItem.from(intent))
            .conditionExpression(condition)
            .build();
    try {
      intents.putItem(request);
    } catch (ConditionalCheckFailedException e) {
      LOG.debug(
          "Registration intent not {}: condition failed [provider=dynamodb, table={}, state={}]",
          what,
          tableName,
          intent.state());
      return false;
    } catch (RuntimeException e) {
      throw translate(e, "PutItem");
    }
    LOG.debug(
        "Registration intent {} [provider=dynamodb, table={}, state={}]", what, tableName, intent.state());
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A strongly consistent GetItem of the user's intent item.
   */
  @Override
  public Optional<RegistrationIntent> findIntent(UserId user) {
    Objects.requireNonNull(user, "user");
    GetItemEnhancedRequest request =
        GetItemEnhancedRequest.builder().key(intentKey(user)).consistentRead(true).build();
    RegistrationIntentItem item = call("GetItem", () -> intents.getItem(request));
    return Optional.ofNullable(item).map(RegistrationIntentItem::toIntent);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A DeleteItem of the user's intent item with the condition {@code attemptId = :attempt},
   * which fails on a missing item too.
   */
  @Override
  public boolean deleteIntent(UserId user, String attemptId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(attemptId, "attemptId");
    DeleteItemEnhancedRequest request =
        DeleteItemEnhancedRequest.builder()
            .key(intentKey(user))
            .conditionExpression(
                Expression.builder()
                    .expression("#attemptId = :attempt")
                    .putExpressionName("#attemptId", RegistrationIntentItem.ATTEMPT_ID)
                    .putExpressionValue(":attempt", AttributeValue.fromS(attemptId))
                    .build())
            .build();
    try {
      intents.deleteItem(request);
    } catch (ConditionalCheckFailedException e) {
      LOG.debug("Registration intent not deleted: condition failed [provider=dynamodb, table={}]", tableName);
      return false;
    } catch (RuntimeException e) {
      throw translate(e, "DeleteItem");
    }
    LOG.debug("Registration intent deleted [provider=dynamodb, table={}]", tableName);
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Scans the table with strongly consistent reads and a filter on the intent sort key, one page
   * at a time as the stream is read; the first page is read before this returns.
   */
  @Override
  public Stream<RegistrationIntent> findIntents() {
    ScanEnhancedRequest request =
        ScanEnhancedRequest.builder()
            .consistentRead(true)
            .filterExpression(
                Expression.builder()
                    .expression("#itemId = :intent")
                    .putExpressionName("#itemId", FaceRecordItem.ITEM_ID)
                    .putExpressionValue(":intent", AttributeValue.fromS(RegistrationIntentItem.SORT_KEY))
                    .build())
            .build();
    return PagedStream.of(PROVIDER, "Scan", resource, () -> intents.scan(request).items().iterator())
        .filter(RegistrationIntentItem::isIntent)
        .map(RegistrationIntentItem::toIntent);
  }

  private static Key intentKey(UserId user) {
    return Key.builder()
        .partitionValue(RegistrationIntentItem.partitionKey(user))
        .sortValue(RegistrationIntentItem.SORT_KEY)
        .build();
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsExceptionTranslator.call(PROVIDER, operation, resource, call);
  }

  private io.github.idvkit.IdvException translate(RuntimeException e, String operation) {
    return AwsExceptionTranslator.translate(e, PROVIDER, operation, resource);
  }


  /** Builds a {@link DynamoDbFaceRecordStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DynamoDbClient client;
    private @Nullable String tableName;
    private String faceIdIndex = FaceRecordItem.DEFAULT_FACE_ID_INDEX;

    private Builder() {}

    /**
     * Uses this client, configured as you like. Required; the store never closes it.
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

    static String validName(String name, String what) {
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
     * @throws IllegalStateException if the client or the table name is missing
     */
    public DynamoDbFaceRecordStore build() {
      if (client == null || tableName == null) {
        throw new IllegalStateException(
            "DynamoDbFaceRecordStore.builder() needs dynamoDbClient(...) and tableName(...)");
      }
      return new DynamoDbFaceRecordStore(this, client);
    }
  }
}
