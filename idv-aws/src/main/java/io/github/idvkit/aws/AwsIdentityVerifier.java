package io.github.idvkit.aws;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.ProviderException;
import io.github.idvkit.Reconciler;
import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.DynamoDbTables;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.CollectionInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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
 * <p>Clients are configured here, once, for all three services: {@link Builder#region}, {@link
 * Builder#credentialsProvider}, {@link Builder#endpointOverride} and {@link Builder#httpClient}
 * (each the SDK's default unless set; url-connection-client for HTTP), with the SDK's default
 * retry strategy; the verifier closes the clients it created on {@link IdentityVerifier#close()}.
 * Or pass your own clients ({@link Builder#rekognitionClient}, {@link Builder#s3Client}, {@link
 * Builder#dynamoDbClient}), which the verifier never closes. The ports themselves ({@link
 * RekognitionFaceIndex}, {@link S3ImageStore}, ...) take a client and never close it.
 *
 * <p>Images are normalised to {@link ImageLimits#rekognition()} before any call. Core's own
 * settings (clock, executor, port decorators, time-outs) go through {@link Builder#verifier}.
 */
public final class AwsIdentityVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(AwsIdentityVerifier.class);

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
    private @Nullable URI endpoint;
    private @Nullable SdkHttpClient httpClient;
    private @Nullable RekognitionClient rekognition;
    private @Nullable S3Client s3;
    private @Nullable DynamoDbClient dynamoDb;
    private @Nullable String collectionId;
    private final Map<String, String> collectionTags = new LinkedHashMap<>();
    private QualityFilter qualityFilter = QualityFilter.NONE;
    private boolean usersApi = true;
    private @Nullable String bucket;
    private String imagePrefix = "";
    private @Nullable String kmsKeyId;
    private @Nullable String tableName;
    private final List<Consumer<IdentityVerifier.Builder>> flowSettings = new ArrayList<>();
    private @Nullable VerificationPolicy policy;
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
      this.guardTableName = DynamoDbTables.validName(guardTableName, "table");
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
     * Sends the requests of the clients the builder creates to this endpoint instead of AWS's (one
     * endpoint for all three services, as local emulators offer).
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpointOverride(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * Sets the HTTP client of the clients the builder creates; the verifier never closes it. Each
     * created client gets its own url-connection-client otherwise.
     *
     * @param httpClient the HTTP client
     * @return this builder
     */
    public Builder httpClient(SdkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Uses this Rekognition client instead of creating one; the verifier will not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.rekognition = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses this S3 client instead of creating one; the verifier will not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder s3Client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses this DynamoDB client instead of creating one; the verifier will not close it.
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
     * @param collectionId 1-255 characters of {@code [a-zA-Z0-9_.\-]}
     * @return this builder
     * @throws IllegalArgumentException if the id is not a valid collection id
     */
    public Builder collectionId(String collectionId) {
      this.collectionId = RekognitionIds.validCollectionId(collectionId);
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
     * Sets the {@code QualityFilter} of {@code IndexFaces}; {@code NONE} unless set.
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
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder bucket(String bucket) {
      this.bucket = S3ImageStore.Builder.notBlank(bucket, "bucket name");
      return this;
    }

    /**
     * Sets the key prefix for images, empty unless set.
     *
     * @param imagePrefix the prefix, such as {@code "prod/"}
     * @return this builder
     * @throws IllegalArgumentException if the prefix is not of the form {@link
     *     S3ImageStore.Builder#prefix(String)} takes
     */
    public Builder imagePrefix(String imagePrefix) {
      this.imagePrefix = S3ImageStore.Builder.validPrefix(imagePrefix);
      return this;
    }

    /**
     * Encrypts images with SSE-KMS under this key instead of SSE-S3.
     *
     * @param kmsKeyId a KMS key id, ARN or alias
     * @return this builder
     * @throws IllegalArgumentException if the id is blank
     */
    public Builder kmsKeyId(String kmsKeyId) {
      this.kmsKeyId = S3ImageStore.Builder.notBlank(kmsKeyId, "KMS key id");
      return this;
    }

    /**
     * Sets the DynamoDB table for face records. Required.
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
     * Sets the policy; {@link VerificationPolicy#highSecurity()} unless set. It must be calibrated
     * for Rekognition's scale ({@code aws:rekognition/percent}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(VerificationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Adds settings for core's {@link IdentityVerifier.Builder}: clock, decision listener, port
     * decorators, execution mode and executor, registration time-outs. Applied in order at {@link
     * #build()}, before the AWS ports, image limits, {@link #policy} and guard ports, which stay this
     * builder's.
     *
     * <pre>{@code
     * AwsIdentityVerifier.builder()
     *     .collectionId("users").bucket("idv-faces").tableName("idv-faces")
     *     .verifier(core -> core.decoratePorts(observations.ports()).intentTimeout(Duration.ofMinutes(5)))
     *     .build();
     * }</pre>
     *
     * @param settings calls on core's builder; their {@code IllegalArgumentException}s surface from
     *     {@link #build()}
     * @return this builder
     */
    public Builder verifier(Consumer<IdentityVerifier.Builder> settings) {
      flowSettings.add(Objects.requireNonNull(settings, "settings"));
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
      return withPorts(ports -> {
        boolean existed = ports.index.describeCollection().isPresent();
        CollectionInfo collection = ports.index.createCollection();
        ProvisioningReport.Builder report = ProvisioningReport.builder()
            .collectionId(collection.collectionId())
            .collectionStatus(existed ? ResourceStatus.EXISTED : ResourceStatus.CREATED)
            .tableName(ports.records.tableName())
            .tableStatus(ports.records.createTableIfMissing())
            .bucket(ports.images.bucket())
            .bucketStatus(bucketStatus(ports.s3, ports.images.bucket()));
        collection.modelVersion().ifPresent(report::faceModelVersion);
        if (guardTableName != null) {
          provisionGuardTable(ports.dynamoDb, guardTableName, report);
        }
        return report.build();
      });
    }

    /** Creates the guard table if missing and, when created, turns time to live on. */
    private static void provisionGuardTable(
        DynamoDbClient client, String name, ProvisioningReport.Builder report) {
      DynamoDbAttemptLimiter guard = DynamoDbAttemptLimiter.builder().dynamoDbClient(client).tableName(name).build();
      ResourceStatus status = guard.createTableIfMissing();
      report.guardTableName(name).guardTableStatus(status);
      if (status == ResourceStatus.CREATED) {
        try {
          guard.enableTimeToLive();
          report.guardTableTimeToLive(true);
        } catch (ProviderException | ConfigurationException e) {
          LOG.warn("Could not turn on time to live for the guard table; expired attempt counters and"
              + " liveness bindings stay until it is on: {}", e.getMessage());
          report.guardTableTimeToLive(false);
        }
      }
    }

    private static ResourceStatus bucketStatus(S3Client s3Client, String name) {
      try {
        s3Client.headBucket(HeadBucketRequest.builder().bucket(name).build());
        return ResourceStatus.EXISTED;
      } catch (NoSuchBucketException e) {
        return ResourceStatus.MISSING;
      } catch (RuntimeException e) {
        if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
          return ResourceStatus.MISSING;
        }
        throw AwsExceptionTranslator.translate(e, "s3", "HeadBucket", "bucket '" + name + "'");
      }
    }

    /**
     * Builds the verifier. It closes the clients this builder created when it is closed.
     *
     * @return the verifier
     * @throws IllegalStateException if the collection id, bucket or table name is missing
     */
    public IdentityVerifier build() {
      requireSettings();
      IdentityVerifier.Builder verifier = IdentityVerifier.builder();
      flowSettings.forEach(setting -> setting.accept(verifier)); // before any client is created
      List<AutoCloseable> created = new ArrayList<>();
      try {
        Ports ports = ports(created);
        verifier.faceDetector(RekognitionFaceDetector.builder().rekognitionClient(ports.rekognition).build())
            .faceComparer(RekognitionFaceComparer.builder().rekognitionClient(ports.rekognition).build())
            .faceIndex(ports.index).imageStore(ports.images).faceRecordStore(ports.records)
            .imageLimits(ImageLimits.rekognition());
        if (policy != null) {
          policy.requireScale(RekognitionMapping.SCALE); // a policy calibrated elsewhere is refused
          verifier.policy(policy);
        }
        if (guardTableName != null) {
          verifier.attemptLimiter(
              DynamoDbAttemptLimiter.builder().dynamoDbClient(ports.dynamoDb).tableName(guardTableName).build());
        }
        if (faceLiveness) {
          verifier.livenessCheck(RekognitionLivenessCheck.builder().rekognitionClient(ports.rekognition).build())
              .livenessSessionStore(
                  DynamoDbLivenessSessionStore.create(ports.dynamoDb, Objects.requireNonNull(guardTableName)));
        }
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
      Builder settings = new Builder();
      settings.region = region;
      settings.credentials = credentials;
      settings.endpoint = endpoint;
      settings.httpClient = httpClient;
      settings.rekognition = rekognition;
      settings.s3 = s3;
      settings.dynamoDb = dynamoDb;
      settings.collectionId = collectionId;
      settings.collectionTags.putAll(collectionTags);
      settings.qualityFilter = qualityFilter;
      settings.usersApi = usersApi;
      settings.bucket = bucket;
      settings.imagePrefix = imagePrefix;
      settings.kmsKeyId = kmsKeyId;
      settings.tableName = tableName;
      String name = "AwsReconciler[collectionId=" + collectionId + ", bucket=" + bucket
          + ", tableName=" + tableName + "]";
      return new Reconciler() {
        @Override
        public ReconciliationReport scan() {
          return settings.withPorts(p -> Reconciler.create(p.index, p.images, p.records).scan());
        }

        @Override
        public ReconciliationReport repair() {
          return settings.withPorts(p -> Reconciler.create(p.index, p.images, p.records).repair());
        }

        @Override
        public String toString() {
          return name;
        }
      };
    }

    /** The ports on this builder's clients, and the clients. */
    private record Ports(RekognitionClient rekognition, S3Client s3, DynamoDbClient dynamoDb,
        RekognitionFaceIndex index, S3ImageStore images, DynamoDbFaceRecordStore records) {}

    private <T> T withPorts(Function<Ports, T> use) {
      List<AutoCloseable> created = new ArrayList<>();
      try {
        return use.apply(ports(created));
      } finally {
        closeAll(created);
      }
    }

    private Ports ports(List<AutoCloseable> created) {
      requireSettings();
      RekognitionClient rekognitionClient = client(rekognition, RekognitionClient.builder(), created);
      S3Client s3Client = client(s3, S3Client.builder(), created);
      DynamoDbClient dynamoDbClient = client(dynamoDb, DynamoDbClient.builder(), created);
      S3ImageStore.Builder images = S3ImageStore.builder().s3Client(s3Client)
          .bucket(Objects.requireNonNull(bucket)).prefix(imagePrefix);
      if (kmsKeyId != null) {
        images.kmsKeyId(kmsKeyId);
      }
      return new Ports(rekognitionClient, s3Client, dynamoDbClient,
          RekognitionFaceIndex.builder().rekognitionClient(rekognitionClient)
              .collectionId(Objects.requireNonNull(collectionId)).tags(collectionTags)
              .qualityFilter(qualityFilter).usersApi(usersApi).build(),
          images.build(),
          DynamoDbFaceRecordStore.builder().dynamoDbClient(dynamoDbClient)
              .tableName(Objects.requireNonNull(tableName)).build());
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

    /** The given client, or one configured from this builder that joins {@code created}. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable>
        C client(@Nullable C given, B builder, List<AutoCloseable> created) {
      if (given != null) {
        return given;
      }
      if (httpClient != null) {
        builder.httpClient(httpClient);
      } else {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
      }
      if (region != null) {
        builder.region(region);
      }
      if (credentials != null) {
        builder.credentialsProvider(credentials);
      }
      if (endpoint != null) {
        builder.endpointOverride(endpoint);
      }
      C client = builder.build();
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
