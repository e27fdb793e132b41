package io.github.idvkit.examples;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.aws.AwsIdentityVerifier;
import io.github.idvkit.aws.DynamoDbFaceRecordStore;
import io.github.idvkit.aws.ProvisioningReport;
import io.github.idvkit.aws.RekognitionFaceIndex;
import io.github.idvkit.aws.S3ImageStore;
import io.github.idvkit.local.FileSystemFaceRecordStore;
import io.github.idvkit.local.FileSystemImageStore;
import io.github.idvkit.local.LocalFaceEngine;
import io.github.idvkit.local.LocalFaceIndex;
import io.github.idvkit.local.LocalIdentityVerifier;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.testkit.FakeFaceComparer;
import io.github.idvkit.testkit.FakeFaceDetector;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.InMemoryFaceRecordStore;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.InMemoryImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One provider as the demo, the tutorial programs and the {@code idv} tool use it: it opens
 * verifiers and shows what is stored for a user, straight from the provider's stores.
 *
 * <ul>
 *   <li><b>local</b>: {@link LocalIdentityVerifier} on a data directory, one {@link LocalFaceEngine}
 *       shared by every verifier this backend opens. A local data directory may be used by one
 *       store at a time, so {@link #holdings} reopens the stores and needs no verifier open.
 *   <li><b>aws</b>: {@link AwsIdentityVerifier} on clients this backend creates (url-connection
 *       HTTP client, the SDK's default credentials) and closes.
 *   <li><b>memory</b>: {@link InMemoryIdentityVerifier} over one set of in-memory fakes, which
 *       understand only {@code TestFaces}' synthetic images and keep nothing after the process.
 * </ul>
 *
 * <p>Each provider gets its own policy, with identification (1:N) switched on: the local engine's
 * {@link LocalIdentityVerifier#calibratedPolicy() calibrated policy}, and {@link
 * VerificationPolicy#highSecurity() 99 % thresholds} on AWS and in memory.
 */
public final class Backend implements AutoCloseable {

  /** The kinds of provider. */
  public enum Kind {
    /** The offline engine of idv-local. */
    LOCAL,
    /** Amazon Rekognition, S3 and DynamoDB. */
    AWS,
    /** The fakes of idv-testkit. */
    MEMORY;

    /**
     * Returns the name users type.
     *
     * @return {@code local}, {@code aws} or {@code memory}
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The AWS resources to use.
   *
   * @param region the region, or {@code null} for the SDK's default region chain
   * @param collectionId the Rekognition collection
   * @param bucket the S3 bucket for images
   * @param tableName the DynamoDB table for face records
   */
  public record AwsResources(@Nullable String region, String collectionId, String bucket, String tableName) {
    /**
     * Checks the names.
     *
     * @param region the region, or {@code null}
     * @param collectionId the collection
     * @param bucket the bucket
     * @param tableName the table
     */
    public AwsResources {
      Objects.requireNonNull(collectionId, "collectionId");
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(tableName, "tableName");
    }
  }

  /**
   * What {@link #provision()} did or found.
   *
   * @param ready whether the provider can be used now
   * @param lines one line per resource, for people
   */
  public record Provisioned(boolean ready, List<String> lines) {
    /**
     * Copies the lines.
     *
     * @param ready whether the provider can be used now
     * @param lines the lines
     */
    public Provisioned {
      lines = List.copyOf(lines);
    }
  }

  private final Kind kind;
  private final VerificationPolicy policy;
  private final String description;
  private final String storage;
  private final Duration startup;
  private final List<AutoCloseable> owned = new ArrayList<>();

  // local
  private final @Nullable Path dataDirectory;
  private final boolean temporary;
  private final @Nullable LocalFaceEngine engine;

  // aws
  private final @Nullable AwsResources aws;
  private final @Nullable RekognitionClient rekognition;
  private final @Nullable S3Client s3;
  private final @Nullable DynamoDbClient dynamoDb;

  // memory
  private final @Nullable FakeFaceDetector fakeDetector;
  private final @Nullable FakeFaceComparer fakeComparer;
  private final @Nullable InMemoryFaceIndex fakeIndex;
  private final @Nullable InMemoryImageStore fakeImages;
  private final @Nullable InMemoryFaceRecordStore fakeRecords;

  private Backend(
      Kind kind,
      VerificationPolicy policy,
      String description,
      String storage,
      Duration startup,
      @Nullable Path dataDirectory,
      boolean temporary,
      @Nullable LocalFaceEngine engine,
      @Nullable AwsResources aws,
      @Nullable RekognitionClient rekognition,
      @Nullable S3Client s3,
      @Nullable DynamoDbClient dynamoDb,
      @Nullable InMemoryImageStore fakeImages) {
    this.kind = kind;
    this.policy = policy;
    this.description = description;
    this.storage = storage;
    this.startup = startup;
    this.dataDirectory = dataDirectory;
    this.temporary = temporary;
    this.engine = engine;
    this.aws = aws;
    this.rekognition = rekognition;
    this.s3 = s3;
    this.dynamoDb = dynamoDb;
    this.fakeImages = fakeImages;
    if (fakeImages != null) {
      this.fakeDetector = FakeFaceDetector.create();
      this.fakeComparer = FakeFaceComparer.create(fakeImages);
      this.fakeIndex = InMemoryFaceIndex.create();
      this.fakeRecords = InMemoryFaceRecordStore.create();
      fakeIndex.createCollection();
    } else {
      this.fakeDetector = null;
      this.fakeComparer = null;
      this.fakeIndex = null;
      this.fakeRecords = null;
    }
  }

  /**
   * Opens the local provider on a data directory.
   *
   * @param dataDirectory where the index, images and records live
   * @param temporary whether to delete the directory when this backend closes
   * @param sharedEngine an engine to use and leave open, or {@code null} to load one (about 1 s)
   * @return the backend
   * @throws io.github.idvkit.ConfigurationException if the engine cannot load
   */
  public static Backend local(Path dataDirectory, boolean temporary, @Nullable LocalFaceEngine sharedEngine) {
    long started = System.nanoTime();
    LocalFaceEngine engine = sharedEngine != null ? sharedEngine : LocalFaceEngine.builder().intraOpThreads(1).build();
    Duration startup = Duration.ofNanos(System.nanoTime() - started);
    Path dir = dataDirectory.toAbsolutePath().normalize();
    Backend backend =
        new Backend(
            Kind.LOCAL,
            LocalIdentityVerifier.calibratedPolicy().toBuilder().identificationEnabled(true).build(),
            "local provider (offline: BlazeFace and the dlib ResNet descriptor on ONNX Runtime)",
            dir + ": index/, images/, records/" + (temporary ? " (temporary, deleted at the end)" : ""),
            startup,
            dir,
            temporary,
            engine,
            null,
            null,
            null,
            null,
            null);
    if (sharedEngine == null) {
      backend.owned.add(engine);
    }
    return backend;
  }

  /**
   * Opens the AWS provider. Creates the three clients (nothing is called yet).
   *
   * @param resources the region and resources
   * @return the backend
   */
  public static Backend aws(AwsResources resources) {
    long started = System.nanoTime();
    Region region = resources.region() == null ? null : Region.of(resources.region());
    RekognitionClient rekognition;
    S3Client s3;
    DynamoDbClient dynamoDb;
    try {
      rekognition = client(RekognitionClient.builder(), region);
      s3 = client(S3Client.builder(), region);
      dynamoDb = client(DynamoDbClient.builder(), region);
    } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
      // The SDK found no region in its chain (AWS_REGION, aws.region, ~/.aws/config).
      String message = String.valueOf(e.getMessage());
      int detail = message.indexOf(" software.amazon.");
      throw new io.github.idvkit.ConfigurationException("cannot create the AWS clients ("
          + (detail < 0 ? message : message.substring(0, detail)) + "); pass --region REGION or"
          + " set IDV_AWS_REGION or AWS_REGION", e);
    }
    Backend backend =
        new Backend(
            Kind.AWS,
            VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build(),
            "AWS provider: Amazon Rekognition, S3 and DynamoDB in region "
                + (region == null ? "(the SDK's default)" : region.id()),
            "faces in Rekognition collection " + resources.collectionId() + ", images in s3://"
                + resources.bucket() + ", records in DynamoDB table " + resources.tableName(),
            Duration.ofNanos(System.nanoTime() - started),
            null,
            false,
            null,
            resources,
            rekognition,
            s3,
            dynamoDb,
            null);
    backend.owned.add(rekognition);
    backend.owned.add(s3);
    backend.owned.add(dynamoDb);
    return backend;
  }

  /**
   * Opens the in-memory provider.
   *
   * @return the backend
   */
  public static Backend memory() {
    return new Backend(
        Kind.MEMORY,
        VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build(),
        "in-memory provider: idv-testkit's fakes, which understand only its synthetic test faces",
        "this process's memory; nothing is kept after it ends",
        Duration.ZERO,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        InMemoryImageStore.create());
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
          & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
      C client(B builder, @Nullable Region region) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    if (region != null) {
      builder.region(region);
    }
    return builder.build();
  }

  /**
   * Returns the kind of provider.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the policy every verifier of this backend decides by.
   *
   * @return the policy
   */
  public VerificationPolicy policy() {
    return policy;
  }

  /**
   * Returns one line that says which provider this is.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * Returns one line that says where this provider keeps faces, images and records.
   *
   * @return the description
   */
  public String storage() {
    return storage;
  }

  /**
   * Returns how long opening took (loading the local engine; creating AWS clients).
   *
   * @return the time
   */
  public Duration startup() {
    return startup;
  }

  /**
   * Returns the local engine's model version.
   *
   * @return the version, or {@code null} unless this is the local provider
   */
  public @Nullable String modelVersion() {
    return engine == null ? null : engine.modelVersion();
  }

  /**
   * Returns the local data directory.
   *
   * @return the directory, or {@code null} unless this is the local provider
   */
  public @Nullable Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * Opens a verifier; the caller closes it. On the local provider only one may be open at a time.
   *
   * @return the verifier
   * @throws io.github.idvkit.ConfigurationException if the provider cannot be used
   */
  public IdentityVerifier open() {
    return switch (kind) {
      case LOCAL -> LocalIdentityVerifier.builder()
          .dataDirectory(Objects.requireNonNull(dataDirectory))
          .engine(Objects.requireNonNull(engine))
          .policy(policy)
          .build();
      case AWS -> awsBuilder().build();
      case MEMORY -> InMemoryIdentityVerifier.builder()
          .faceDetector(Objects.requireNonNull(fakeDetector))
          .faceComparer(Objects.requireNonNull(fakeComparer))
          .faceIndex(Objects.requireNonNull(fakeIndex))
          .imageStore(Objects.requireNonNull(fakeImages))
          .faceRecordStore(Objects.requireNonNull(fakeRecords))
          .policy(policy)
          .build();
    };
  }

  /**
   * Returns the image limits the verifiers of a provider normalise photos to.
   *
   * @param kind the provider
   * @return its limits
   */
  public static io.github.idvkit.ImageLimits imageLimits(Kind kind) {
    return switch (kind) {
      case LOCAL -> LocalIdentityVerifier.imageLimits();
      case AWS -> io.github.idvkit.ImageLimits.rekognition();
      case MEMORY -> io.github.idvkit.ImageLimits.defaults();
    };
  }

  /**
   * Returns a reconciler over this provider's stores, the same ones its verifiers use: {@link
   * LocalIdentityVerifier.Builder#buildReconciler()}, {@link
   * AwsIdentityVerifier.Builder#buildReconciler()}, or one over the in-memory fakes. On the local
   * provider no verifier of this backend may be open while it runs.
   *
   * @return the reconciler
   */
  public io.github.idvkit.Reconciler reconciler() {
    return switch (kind) {
      case LOCAL -> LocalIdentityVerifier.builder()
          .dataDirectory(Objects.requireNonNull(dataDirectory))
          .engine(Objects.requireNonNull(engine))
          .buildReconciler();
      case AWS -> awsBuilder().buildReconciler();
      case MEMORY -> io.github.idvkit.Reconciler.create(
          Objects.requireNonNull(fakeIndex), Objects.requireNonNull(fakeImages), Objects.requireNonNull(fakeRecords));
    };
  }

  /**
   * Creates what the provider needs, or reports that it exists: the local collection in the data
   * directory; the Rekognition collection and the DynamoDB table on AWS (the bucket is only
   * checked). The in-memory provider needs nothing.
   *
   * @return what was done
   * @throws io.github.idvkit.ConfigurationException if access is denied or a directory is unusable
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  public Provisioned provision() {
    switch (kind) {
      case LOCAL -> {
        boolean existed;
        try (LocalFaceIndex index = localIndex()) {
          existed = index.describeCollection().isPresent();
        }
        open().close(); // creates the collection, the image and record stores
        return new Provisioned(true, List.of(
            "collection  " + LocalIdentityVerifier.DEFAULT_COLLECTION_ID + "  "
                + (existed ? "EXISTED" : "CREATED") + "  models " + Objects.requireNonNull(engine).modelVersion(),
            "data        " + dataDirectory + "  (index/, images/, records/)"));
      }
      case AWS -> {
        ProvisioningReport report = awsBuilder().provision();
        return new Provisioned(report.ready(), List.of(
            "collection  " + report.collectionId() + "  " + report.collectionStatus()
                + report.faceModelVersion().map(v -> "  face model " + v).orElse(""),
            "table       " + report.tableName() + "  " + report.tableStatus(),
            "bucket      " + report.bucket() + "  " + report.bucketStatus()
                + (report.ready() ? "" : "  (create it with your infrastructure code; idv only checks it)")));
      }
      default -> {
        return new Provisioned(true, List.of("nothing to provision: the in-memory provider keeps everything in this process"));
      }
    }
  }

  /**
   * Lists, straight from the provider's stores, what is stored for a user: indexed faces, images
   * and face records. On the local provider no verifier of this backend may be open.
   *
   * @param user the user
   * @return what is stored
   * @throws io.github.idvkit.ConfigurationException if the collection, bucket or table is missing
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  public Holdings holdings(UserId user) {
    switch (kind) {
      case LOCAL -> {
        try (LocalFaceIndex index = localIndex();
            FileSystemFaceRecordStore records =
                FileSystemFaceRecordStore.builder().directory(Objects.requireNonNull(dataDirectory).resolve("records")).build()) {
          FileSystemImageStore images =
              FileSystemImageStore.builder().directory(dataDirectory.resolve("images")).build();
          boolean collection = index.describeCollection().isPresent();
          return new Holdings(
              collection ? index.listFaces(user) : List.of(), images.list(user), records.findByUser(user));
        }
      }
      case AWS -> {
        AwsResources resources = Objects.requireNonNull(aws);
        RekognitionFaceIndex index = RekognitionFaceIndex.builder()
            .rekognitionClient(Objects.requireNonNull(rekognition)).collectionId(resources.collectionId()).build();
        S3ImageStore images = S3ImageStore.builder()
            .s3Client(Objects.requireNonNull(s3)).bucket(resources.bucket()).build();
        DynamoDbFaceRecordStore records = DynamoDbFaceRecordStore.builder()
            .dynamoDbClient(Objects.requireNonNull(dynamoDb)).tableName(resources.tableName()).build();
        return new Holdings(index.listFaces(user), images.list(user), records.findByUser(user));
      }
      default -> {
        return new Holdings(
            Objects.requireNonNull(fakeIndex).listFaces(user),
            Objects.requireNonNull(fakeImages).list(user),
            Objects.requireNonNull(fakeRecords).findByUser(user));
      }
    }
  }

  /**
   * Counts the files under the local data directory's {@code images/}.
   *
   * @return the count, or -1 unless this is the local provider
   */
  public long imageFilesOnDisk() {
    if (dataDirectory == null) {
      return -1;
    }
    Path images = dataDirectory.resolve("images");
    if (!Files.isDirectory(images)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(images)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + images, e);
    }
  }

  /**
   * Lists the files under the local data directory whose bytes contain the user id (UTF-8): what
   * an unencrypted data directory still holds about a user, whatever the stores report.
   *
   * @param user the user
   * @return the files, relative to the data directory; empty unless this is the local provider
   */
  public List<Path> filesNaming(UserId user) {
    if (dataDirectory == null || !Files.isDirectory(dataDirectory)) {
      return List.of();
    }
    byte[] needle = user.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        if (contains(Files.readAllBytes(file), needle)) {
          found.add(dataDirectory.relativize(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + dataDirectory, e);
    }
    return List.copyOf(found);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private LocalFaceIndex localIndex() {
    return LocalFaceIndex.builder()
        .engine(Objects.requireNonNull(engine))
        .directory(Objects.requireNonNull(dataDirectory).resolve("index"))
        .collectionId(LocalIdentityVerifier.DEFAULT_COLLECTION_ID)
        .build();
  }

  private AwsIdentityVerifier.Builder awsBuilder() {
    AwsResources resources = Objects.requireNonNull(aws);
    return AwsIdentityVerifier.builder()
        .rekognitionClient(Objects.requireNonNull(rekognition))
        .s3Client(Objects.requireNonNull(s3))
        .dynamoDbClient(Objects.requireNonNull(dynamoDb))
        .collectionId(resources.collectionId())
        .collectionTag("app", "idv")
        .bucket(resources.bucket())
        .tableName(resources.tableName())
        .policy(policy);
  }

  /** Closes what this backend created, and deletes a temporary data directory. Idempotent. */
  @Override
  public void close() {
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing an engine or an SDK client does not fail in practice; nothing to do here.
      }
    }
    owned.clear();
    if (temporary && dataDirectory != null && Files.exists(dataDirectory)) {
      try (Stream<Path> files = Files.walk(dataDirectory)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not delete the temporary data directory " + dataDirectory, e);
      }
    }
  }

  /**
   * Returns whether this backend deletes its data directory when it closes.
   *
   * @return {@code true} for a temporary local data directory
   */
  public boolean temporary() {
    return temporary;
  }

  @Override
  public String toString() {
    return "Backend[" + kind.label() + "]";
  }
}
