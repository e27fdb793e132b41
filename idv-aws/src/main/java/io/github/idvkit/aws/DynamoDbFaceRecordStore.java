package io.github.idvkit.aws;

import io.github.idvkit.FaceId;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.DynamoDbItems;
import io.github.idvkit.aws.internal.DynamoDbTables;
import io.github.idvkit.aws.internal.PagedStream;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.RegistrationIntent;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

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

  private final DynamoDbClient client;
  private final String tableName;
  private final DynamoDbTable<EnhancedDocument> table;

  private DynamoDbFaceRecordStore(Builder b, DynamoDbClient client) {
    this.client = client;
    this.tableName = Objects.requireNonNull(b.tableName, "tableName");
    this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build()
        .table(tableName, DynamoDbItems.SCHEMA);
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
   * it and its index are active: polling quickly at first (local servers answer at once), then every
   * two seconds, for at most five minutes (the SDK's waiter would wait 20 s before its second poll).
   *
   * @return {@link ResourceStatus#CREATED} or {@link ResourceStatus#EXISTED}
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public ResourceStatus createTableIfMissing() {
    boolean created = DynamoDbTables.createIfMissing(client, tableName, () -> table.createTable(r ->
        r.globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder()
            .indexName(DynamoDbItems.FACE_ID_INDEX).projection(p -> p.projectionType(ProjectionType.ALL)).build())));
    LOG.debug("Table ready [provider=dynamodb, table={}, created={}]", tableName, created);
    return created ? ResourceStatus.CREATED : ResourceStatus.EXISTED;
  }

  /**
   * Tells whether the table exists.
   *
   * @return {@code true} if it exists
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public boolean tableExists() {
    return DynamoDbTables.exists(client, tableName);
  }

  /**
   * Deletes the table, if it exists. For tests and tear-down.
   *
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if DynamoDB fails
   */
  public boolean deleteTable() {
    return DynamoDbTables.delete(client, tableName);
  }

  @Override
  public boolean create(FaceRecord record) {
    Objects.requireNonNull(record, "record");
    return put(DynamoDbItems.record(record), condition("attribute_not_exists(#userId)"), "Face record",
        "created", record.faceId());
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
    QueryEnhancedRequest request = QueryEnhancedRequest.builder().consistentRead(true)
        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(user.providerSafe()))).build();
    List<EnhancedDocument> items = call("Query", () -> table.query(request).items().stream().toList());
    return items.stream().filter(DynamoDbItems::isRecord).map(DynamoDbItems::toRecord)
        .sorted(Comparator.comparing(FaceRecord::createdAt).thenComparing(r -> r.faceId().value()))
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
    return scan(condition("attribute_exists(#faceId)")).filter(DynamoDbItems::isRecord)
        .map(DynamoDbItems::toRecord);
  }

  @Override
  public Optional<FaceRecord> findByFace(FaceId faceId) {
    Objects.requireNonNull(faceId, "faceId");
    QueryEnhancedRequest request = QueryEnhancedRequest.builder().limit(1)
        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(faceId.value()))).build();
    return call("Query", () -> table.index(DynamoDbItems.FACE_ID_INDEX).query(request).stream()
        .flatMap(page -> page.items().stream()).findFirst().map(DynamoDbItems::toRecord));
  }

  @Override
  public boolean delete(UserId user, FaceId faceId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    Key key = Key.builder().partitionValue(user.providerSafe()).sortValue(faceId.value()).build();
    EnhancedDocument old = call("DeleteItem", () -> table.deleteItem(key));
    LOG.debug("Deleted face record [provider=dynamodb, table={}, faceId={}, existed={}]", tableName,
        faceId, old != null);
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
    return put(DynamoDbItems.intent(intent), condition("attribute_not_exists(#userId)"),
        "Registration intent", "created", intent.state());
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
    return put(DynamoDbItems.intent(intent), condition("#attemptId = :attempt AND #state = :pending",
            ":attempt", attemptId, ":pending", RegistrationIntent.State.PENDING.name()),
        "Registration intent", "replaced", intent.state());
  }

  private boolean put(EnhancedDocument item, Expression condition, String what, String done, Object id) {
    return write("PutItem", () -> table.putItem(r -> r.item(item).conditionExpression(condition)), what, done, id);
  }

  /** A conditional write; {@code false} if its condition failed. */
  private boolean write(String operation, Runnable write, String what, String done, Object id) {
    boolean written = DynamoDbTables.callUnless(ConditionalCheckFailedException.class, tableName, operation, () -> {
      write.run();
      return true;
    }).isPresent();
    LOG.debug("{} {} [provider=dynamodb, table={}, id={}]", what, written ? done : "not " + done + ": condition failed",
        tableName, id);
    return written;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A strongly consistent GetItem of the user's intent item.
   */
  @Override
  public Optional<RegistrationIntent> findIntent(UserId user) {
    Objects.requireNonNull(user, "user");
    EnhancedDocument item =
        call("GetItem", () -> table.getItem(r -> r.key(intentKey(user)).consistentRead(true)));
    return Optional.ofNullable(item).map(DynamoDbItems::toIntent);
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
    return write("DeleteItem", () -> table.deleteItem(r -> r.key(intentKey(user))
        .conditionExpression(condition("#attemptId = :attempt", ":attempt", attemptId))),
        "Registration intent", "deleted", user);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Scans the table with strongly consistent reads and a filter on the intent sort key, one page
   * at a time as the stream is read; the first page is read before this returns.
   */
  @Override
  public Stream<RegistrationIntent> findIntents() {
    return scan(condition("#itemId = :intent", ":intent", DynamoDbItems.INTENT))
        .filter(DynamoDbItems::isIntent).map(DynamoDbItems::toIntent);
  }

  private Stream<EnhancedDocument> scan(Expression filter) {
    ScanEnhancedRequest request = ScanEnhancedRequest.builder().consistentRead(true).filterExpression(filter).build();
    return PagedStream.of("dynamodb", "Scan", DynamoDbTables.resource(tableName), () -> table.scan(request).items().iterator());
  }

  /**
   * An expression whose {@code #name}s are the attributes of that name and whose {@code :value}s
   * are the given strings, in pairs.
   */
  private static Expression condition(String expression, String... values) {
    Expression.Builder built = Expression.builder().expression(expression);
    Matcher names = Pattern.compile("#(\\w+)").matcher(expression);
    while (names.find()) {
      built.putExpressionName(names.group(), names.group(1));
    }
    for (int i = 0; i < values.length; i += 2) {
      built.putExpressionValue(values[i], AttributeValue.fromS(values[i + 1]));
    }
    return built.build();
  }

  private static Key intentKey(UserId user) {
    return Key.builder().partitionValue(user.providerSafe()).sortValue(DynamoDbItems.INTENT).build();
  }

  private <T> T call(String operation, Supplier<T> call) {
    return DynamoDbTables.call(tableName, operation, call);
  }

  /** Builds a {@link DynamoDbFaceRecordStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DynamoDbClient client;
    private @Nullable String tableName;

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
      this.tableName = DynamoDbTables.validName(tableName, "table");
      return this;
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
