package io.github.idvkit.aws;

import io.github.idvkit.DecisionListener;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.Reconciler;
import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.ClientFactory;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.PortDecorator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Builds an {@link IdentityVerifier} on AWS: Rekognition for detection, comparison and the face
 * index, S3 for images, DynamoDB for face records.
 *
 * <pre>{@code
 * AwsIdentityVerifier.Builder aws = AwsIdentityVerifier.builder()
 *     .region(Region.EU_WEST_1)
 *     .collectionId("idv-users")
 *     .bucket("idv-faces")
 *     .tableName("idv-faces")
 *     .policy(VerificationPolicy.highSecurity());
 * ProvisioningReport report = aws.provision();   // once, e.g. at deploy time
 * try (IdentityVerifier idv = aws.build()) {
 *   RegisterResult r = idv.register(req -> req.userId("alice@example.com").selfie(selfie));
 *   LoginResult l = idv.login(req -> req.userId("alice@example.com").selfie(camera));
 * }
 * }</pre>
 *
 * <p>Clients: pass your own ({@link Builder#rekognitionClient}, {@link Builder#s3Client}, {@link
 * Builder#dynamoDbClient}) to control HTTP, retries and endpoints; the verifier never closes them.
 * For each client not passed, the builder creates one from {@link Builder#region} and {@link
 * Builder#credentialsProvider} (or the SDK's default chains) on url-connection-client with the
 * SDK's default retry strategy, and the verifier closes it on {@link IdentityVerifier#close()}.
 *
 * <p>Images are normalised to {@link ImageLimits#rekognition()} before any call.
 */
public final class AwsIdentityVerifier {

  private AwsIdentityVerifier() {}

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an AWS-backed {@link IdentityVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Region region;
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable RekognitionClient rekognition;
    private @Nullable S3Client s3;
    private @Nullable DynamoDbClient dynamoDb;
    private @Nullable String collectionId;
    private final Map<String, String> collectionTags = new LinkedHashMap<>();
    private QualityFilter qualityFilter = QualityFilter.AUTO;
    private boolean usersApi = true;
    private @Nullable String bucket;
    private String imagePrefix = "";
    private @Nullable String kmsKeyId;
    private @Nullable String tableName;
    private @Nullable VerificationPolicy policy;
    private @Nullable Clock clock;
    private @Nullable Duration intentTimeout;
    private @Nullable Duration registrationWait;
    private @Nullable DecisionListener decisionListener;
    private @Nullable ExecutionMode execution;
    private @Nullable ExecutorService executor;
    private final List<PortDecorator> portDecorators = new ArrayList<>();
    private @Nullable String guardTableName;
    private boolean faceLiveness;

    private Builder() {}

    /**
     * Keeps attempt counters ({@link DynamoDbAttemptLimiter}) and liveness bindings ({@link
     * DynamoDbLivenessSessionStore}) in this DynamoDB table, so the policy's attempt limits hold
     * across app instances; without it, attempts are not limited. Create the table once with
     * {@link DynamoDbAttemptLimiter#createTableIfMissing()}.
     *
     * @param guardTableName the table name
     * @return this builder
     */
    public Builder guardTableName(String guardTableName) {
      DynamoDbAttemptLimiter.builder().tableName(guardTableName);
      this.guardTableName = guardTableName;
      return this;
    }

    /**
     * Turns on Amazon Rekognition Face Liveness ({@link RekognitionLivenessCheck}): {@code
     * startLiveness} and liveness sessions in {@code register} and {@code login}. Needs {@link
     * #guardTableName(String)}. Off by default.
     *
     * @param faceLiveness whether to use it
     * @return this builder
     */
    public Builder faceLiveness(boolean faceLiveness) {
      this.faceLiveness = faceLiveness;
      return this;
    }

    /**
     * Sets the region of the clients the builder creates; the SDK's default chain otherwise.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Sets the credentials of the clients the builder creates; the SDK's default chain otherwise.
     *
     * @param credentials the credentials provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Uses this Rekognition client; the verifier will not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.rekognition = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses this S3 client; the verifier will not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder s3Client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses this DynamoDB client; the verifier will not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder dynamoDbClient(DynamoDbClient client) {
      this.dynamoDb = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the Rekognition collection. Required.
     *
     * @param collectionId the collection id
     * @return this builder
     * @see RekognitionFaceIndex.Builder#collectionId(String)
     */
    public Builder collectionId(String collectionId) {
      // Each setter validates through the port's own builder, so a bad name fails here.
      RekognitionFaceIndex.builder().collectionId(collectionId);
      this.collectionId = collectionId;
      return this;
    }

    /**
     * Adds a tag that {@link #provision()} puts on a new collection.
     *
     * @param key the tag key
     * @param value the tag value
     * @return this builder
     */
    public Builder collectionTag(String key, String value) {
      collectionTags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the {@code QualityFilter} of {@code IndexFaces}; {@code AUTO} unless set.
     *
     * @param qualityFilter the filter
     * @return this builder
     * @see RekognitionFaceIndex.Builder#qualityFilter(QualityFilter)
     */
    public Builder qualityFilter(QualityFilter qualityFilter) {
      this.qualityFilter = Objects.requireNonNull(qualityFilter, "qualityFilter");
      return this;
    }

    /**
     * Sets whether Rekognition's Users API is used; on unless set.
     *
     * @param usersApi {@code true} to use the Users API
     * @return this builder
     * @see RekognitionFaceIndex.Builder#usersApi(boolean)
     */
    public Builder usersApi(boolean usersApi) {
      this.usersApi = usersApi;
      return this;
    }

    /**
     * Sets the S3 bucket for images. Required.
     *
     * @param bucket the bucket
     * @return this builder
     */
    public Builder bucket(String bucket) {
      S3ImageStore.builder().bucket(bucket);
      this.bucket = bucket;
      return this;
    }

    /**
     * Sets the key prefix for images, empty unless set.
     *
     * @param imagePrefix the prefix, such as {@code "prod/"}
     * @return this builder
     * @see S3ImageStore.Builder#prefix(String)
     */
    public Builder imagePrefix(String imagePrefix) {
      S3ImageStore.builder().prefix(imagePrefix);
      this.imagePrefix = imagePrefix;
      return this;
    }

    /**
     * Encrypts images with SSE-KMS under this key instead of SSE-S3.
     *
     * @param kmsKeyId a KMS key id, ARN or alias
     * @return this builder
     */
    public Builder kmsKeyId(String kmsKeyId) {
      S3ImageStore.builder().kmsKeyId(kmsKeyId);
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    /**
     * Sets the DynamoDB table for face records. Required.
     *
     * @param tableName the table name
     * @return this builder
     */
    public Builder tableName(String tableName) {
      DynamoDbFaceRecordStore.builder().tableName(tableName);
      this.tableName = tableName;
      return this;
    }

    /**
     * Sets the policy; {@link VerificationPolicy#highSecurity()} unless set.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(VerificationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the clock for record and event times; the UTC system clock unless set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long a registration may go without progress before another attempt (on any app
     * instance sharing the table) takes it as dead, takes its intent over and undoes what it did;
     * core's default (2 minutes) unless set. Keep it above the slowest registration step with the
     * SDK's retries.
     *
     * @param intentTimeout the timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder intentTimeout(Duration intentTimeout) {
      Objects.requireNonNull(intentTimeout, "intentTimeout");
      if (intentTimeout.isNegative() || intentTimeout.isZero()) {
        throw new IllegalArgumentException("intentTimeout must be positive, got " + intentTimeout);
      }
      this.intentTimeout = intentTimeout;
      return this;
    }

    /**
     * Sets how long a retried registration waits for the same request running on another app
     * instance before it answers {@code REGISTRATION_IN_PROGRESS}; core's default (5 seconds)
     * unless set.
     *
     * @param registrationWait the wait, zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder registrationWait(Duration registrationWait) {
      Objects.requireNonNull(registrationWait, "registrationWait");
      if (registrationWait.isNegative()) {
        throw new IllegalArgumentException("registrationWait must not be negative, got " + registrationWait);
      }
      this.registrationWait = registrationWait;
      return this;
    }

    /**
     * Sets the listener that receives every decision.
     *
     * @param decisionListener the listener
     * @return this builder
     */
    public Builder decisionListener(DecisionListener decisionListener) {
      this.decisionListener = Objects.requireNonNull(decisionListener, "decisionListener");
      return this;
    }

    /**
     * Sets how independent provider calls run; {@link ExecutionMode#CONCURRENT} unless set.
     *
     * @param execution the mode
     * @return this builder
     */
    public Builder execution(ExecutionMode execution) {
      this.execution = Objects.requireNonNull(execution, "execution");
      return this;
    }

    /**
     * Sets the executor for {@link ExecutionMode#CONCURRENT}; the verifier does not shut it down.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Creates the Rekognition collection (with its tags) and the DynamoDB table (with its face-id
     * index) if they are missing, checks that the bucket exists, and reports what exists. Safe to
     * call again. Uses the given clients, or short-lived ones it closes.
     *
     * @return the report
     * @throws IllegalStateException if the collection id, bucket or table name is missing
     * @throws io.github.idvkit.ConfigurationException if access is denied
     * @throws io.github.idvkit.ProviderException if AWS fails
     */
    public ProvisioningReport provision() {
      requireSettings();
      List<AutoCloseable> created = new ArrayList<>();
      try {
        RekognitionClient rekognitionClient = rekognition(created);
        S3Client s3Client = s3(created);
        DynamoDbClient dynamoDbClient = dynamoDb(created);
        RekognitionFaceIndex index = index(rekognitionClient);
        boolean existed = index.describeCollection().isPresent();
        CollectionInfo collection = index.createCollection();
        DynamoDbFaceRecordStore records = records(dynamoDbClient);
        ResourceStatus table = records.createTableIfMissing();
        ProvisioningReport.Builder report =
            ProvisioningReport.builder()
                .collectionId(collection.collectionId())
                .collectionStatus(existed ? ResourceStatus.EXISTED : ResourceStatus.CREATED)
                .tableName(records.tableName())
                .tableStatus(table)
                .bucket(Objects.requireNonNull(bucket))
                .bucketStatus(bucketStatus(s3Client));
        collection.modelVersion().ifPresent(report::faceModelVersion);
        return report.build();
      } finally {
        closeAll(created);
      }
    }

    private ResourceStatus bucketStatus(S3Client s3Client) {
      String name = Objects.requireNonNull(bucket);
      try {
        s3Client.headBucket(HeadBucketRequest.builder().bucket(name).build());
        return ResourceStatus.EXISTED;
      } catch (NoSuchBucketException e) {
        return ResourceStatus.MISSING;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return ResourceStatus.MISSING;
        }
        throw AwsExceptionTranslator.translate(e, "s3", "HeadBucket", "bucket '" + name + "'");
      } catch (RuntimeException e) {
        throw AwsExceptionTranslator.translate(e, "s3", "HeadBucket", "bucket '" + name + "'");
      }
    }

    /**
     * Adds a decorator that wraps the verifier's ports (metrics, tracing); see {@link
     * IdentityVerifier.Builder#decoratePorts(PortDecorator)}.
     *
     * @param portDecorator the decorator
     * @return this builder
     */
    public Builder decoratePorts(PortDecorator portDecorator) {
      portDecorators.add(Objects.requireNonNull(portDecorator, "portDecorator"));
      return this;
    }

    /**
     * Builds the verifier. It closes the clients this builder created when it is closed.
     *
     * @return the verifier
     * @throws IllegalStateException if the collection id, bucket or table name is missing
     */
    public IdentityVerifier build() {
      requireSettings();
      List<AutoCloseable> created = new ArrayList<>();
      try {
        RekognitionClient rekognitionClient = rekognition(created);
        S3Client s3Client = s3(created);
        DynamoDbClient dynamoDbClient = dynamoDb(created);
        IdentityVerifier.Builder verifier =
            IdentityVerifier.builder()
                .faceDetector(
                    RekognitionFaceDetector.builder().rekognitionClient(rekognitionClient).build())
                .faceComparer(
                    RekognitionFaceComparer.builder().rekognitionClient(rekognitionClient).build())
                .faceIndex(index(rekognitionClient))
                .imageStore(images(s3Client))
                .faceRecordStore(records(dynamoDbClient))
                .imageLimits(ImageLimits.rekognition());
        if (policy != null) {
          policy.requireScale("aws:rekognition/percent"); // a policy calibrated elsewhere is refused
          verifier.policy(policy);
        }
        if (clock != null) {
          verifier.clock(clock);
        }
        if (intentTimeout != null) {
          verifier.intentTimeout(intentTimeout);
        }
        if (registrationWait != null) {
          verifier.registrationWait(registrationWait);
        }
        if (decisionListener != null) {
          verifier.decisionListener(decisionListener);
        }
        if (execution != null) {
          verifier.execution(execution);
        }
        if (executor != null) {
          verifier.executor(executor);
        }
        if (guardTableName != null) {
          verifier.attemptLimiter(DynamoDbAttemptLimiter.builder().dynamoDbClient(dynamoDbClient).tableName(guardTableName).build());
        }
        if (faceLiveness) {
          verifier.livenessCheck(RekognitionLivenessCheck.builder().rekognitionClient(rekognitionClient).build())
              .livenessSessionStore(DynamoDbLivenessSessionStore.create(dynamoDbClient, Objects.requireNonNull(guardTableName)));
        }
        portDecorators.forEach(verifier::decoratePorts);
        created.forEach(verifier::closeOnClose);
        return verifier.build();
      } catch (RuntimeException e) {
        closeAll(created);
        throw e;
      }
    }

    /**
     * Builds a {@link Reconciler} over the same collection, bucket and table (and clients) as
     * {@link #build()}'s verifier: it finds, and on {@link Reconciler#repair()} deletes, faces and
     * images without a record and what is left of broken registrations.
     *
     * <pre>{@code
     * Reconciler reconciler = AwsIdentityVerifier.builder()
     *     .region(Region.EU_WEST_1).collectionId("users").bucket("idv-faces").tableName("idv-faces")
     *     .buildReconciler();
     * ReconciliationReport found = reconciler.scan();
     * }</pre>
     *
     * <p>Each call of {@code scan()} or {@code repair()} uses the clients given to this builder, or
     * creates its own and closes them before it returns, so the reconciler holds nothing that needs
     * closing. Later changes to this builder do not affect it.
     *
     * @return the reconciler
     * @throws IllegalStateException if the collection id, bucket or table name is missing
     */
    public Reconciler buildReconciler() {
      requireSettings();
      Builder settings = copy();
      return new Reconciler() {
        @Override
        public ReconciliationReport scan() {
          return settings.reconcile(Reconciler::scan);
        }

        @Override
        public ReconciliationReport repair() {
          return settings.reconcile(Reconciler::repair);
        }

        @Override
        public String toString() {
          return "AwsReconciler[collectionId=" + settings.collectionId + ", bucket="
              + settings.bucket + ", tableName=" + settings.tableName + "]";
        }
      };
    }

    private ReconciliationReport reconcile(
        java.util.function.Function<Reconciler, ReconciliationReport> run) {
      List<AutoCloseable> created = new ArrayList<>();
      try {
        return run.apply(Reconciler.create(
            index(rekognition(created)), images(s3(created)), records(dynamoDb(created))));
      } finally {
        closeAll(created);
      }
    }

    private Builder copy() {
      Builder b = new Builder();
      b.region = region;
      b.credentials = credentials;
      b.rekognition = rekognition;
      b.s3 = s3;
      b.dynamoDb = dynamoDb;
      b.collectionId = collectionId;
      b.collectionTags.putAll(collectionTags);
      b.qualityFilter = qualityFilter;
      b.usersApi = usersApi;
      b.bucket = bucket;
      b.imagePrefix = imagePrefix;
      b.kmsKeyId = kmsKeyId;
      b.tableName = tableName;
      return b;
    }

    private void requireSettings() {
      if (collectionId == null || bucket == null || tableName == null) {
        throw new IllegalStateException(
            "AwsIdentityVerifier.builder() needs collectionId(...), bucket(...) and tableName(...)");
      }
      if (faceLiveness && guardTableName == null) {
        throw new IllegalStateException("faceLiveness(true) needs guardTableName(...) to bind sessions to users");
      }
    }

    private RekognitionFaceIndex index(RekognitionClient client) {
      return RekognitionFaceIndex.builder()
          .rekognitionClient(client)
          .collectionId(Objects.requireNonNull(collectionId))
          .tags(collectionTags)
          .qualityFilter(qualityFilter)
          .usersApi(usersApi)
          .build();
    }

    private S3ImageStore images(S3Client client) {
      S3ImageStore.Builder images =
          S3ImageStore.builder()
              .s3Client(client)
              .bucket(Objects.requireNonNull(bucket))
              .prefix(imagePrefix);
      if (kmsKeyId != null) {
        images.kmsKeyId(kmsKeyId);
      }
      return images.build();
    }

    private DynamoDbFaceRecordStore records(DynamoDbClient client) {
      return DynamoDbFaceRecordStore.builder()
          .dynamoDbClient(client)
          .tableName(Objects.requireNonNull(tableName))
          .build();
    }

    private RekognitionClient rekognition(List<AutoCloseable> created) {
      if (rekognition != null) {
        return rekognition;
      }
      RekognitionClient client =
          ClientFactory.create(RekognitionClient.builder(), region, credentials);
      created.add(client);
      return client;
    }

    private S3Client s3(List<AutoCloseable> created) {
      if (s3 != null) {
        return s3;
      }
      S3Client client = ClientFactory.create(S3Client.builder(), region, credentials);
      created.add(client);
      return client;
    }

    private DynamoDbClient dynamoDb(List<AutoCloseable> created) {
      if (dynamoDb != null) {
        return dynamoDb;
      }
      DynamoDbClient client =
          ClientFactory.create(DynamoDbClient.builder(), region, credentials);
      created.add(client);
      return client;
    }

    private static void closeAll(List<AutoCloseable> created) {
      for (AutoCloseable closeable : created) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Closing an SDK client does not fail in practice; nothing else to do here.
        }
      }
    }
  }
}
