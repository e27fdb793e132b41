package io.github.idvkit.benchmarks;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.aws.AwsIdentityVerifier;
import io.github.idvkit.aws.LocalAwsServers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local AWS servers with one shared client per service, all behind {@link ServiceLatency}, and
 * factories for the contenders: the tutorial's flow and idv configurations, each on its own
 * collection, bucket and table.
 */
final class AwsRig implements AutoCloseable {

  static final String ID_BUCKET = "bench-ids";

  final LocalAwsServers servers;
  final ServiceLatency latency;
  final RekognitionClient rekognition;
  final S3Client s3;
  final DynamoDbClient dynamoDb;
  private final AtomicInteger names = new AtomicInteger();

  AwsRig(Settings settings) {
    this.servers = LocalAwsServers.start();
    this.latency =
        new ServiceLatency(
            Map.of(
                "Rekognition", settings.rekognitionLatency(),
                "S3", settings.s3Latency(),
                "DynamoDb", settings.dynamoDbLatency()));
    this.rekognition = servers.rekognitionClient(List.of(latency));
    this.s3 = servers.s3Client(List.of(latency));
    this.dynamoDb = servers.dynamoDbClient(List.of(latency));
    s3.createBucket(b -> b.bucket(ID_BUCKET));
  }

  /** Puts the subjects' ID photos in S3 (untimed set-up). */
  void uploadIdPhotos(List<Subject> subjects) {
    for (Subject subject : subjects) {
      s3.putObject(b -> b.bucket(ID_BUCKET).key(subject.idKey()), RequestBody.fromBytes(subject.idPhoto()));
    }
  }

  /** The tutorial's flow on a new collection, bucket and table. */
  Contender tutorial() {
    String id = "tutorial-" + names.incrementAndGet();
    s3.createBucket(b -> b.bucket(id));
    TutorialFlow flow = new TutorialFlow(rekognition, s3, dynamoDb, id, id, "FacesDB-" + id);
    flow.provision();
    return new Contender() {
      @Override
      public String name() {
        return "tutorial (Java port)";
      }

      @Override
      public boolean register(Subject subject) {
        return flow.register(subject.name() + ".jpg", subject.selfie(), ID_BUCKET, subject.idKey())
            == TutorialFlow.RegisterOutcome.REGISTERED;
      }

      @Override
      public boolean login(Subject subject) {
        return flow.login(subject.loginSelfie()).isPresent();
      }

      @Override
      public void forget(Subject subject) {
        throw new UnsupportedOperationException("The tutorial has no way to forget a user");
      }

      @Override
      public void close() {}
    };
  }

  /** idv on AWS with its default policy ({@code highSecurity()}). */
  IdvContender idv(ExecutionMode execution, boolean usersApi) {
    return idv(execution, usersApi, null);
  }

  /**
   * idv on AWS with the given execution mode, Users API setting and policy ({@code standard()} if
   * not null, else the default {@code highSecurity()}), provisioned fresh.
   */
  IdvContender idv(ExecutionMode execution, boolean usersApi, @Nullable VerificationPolicy policy) {
    String id = "idv-" + names.incrementAndGet();
    s3.createBucket(b -> b.bucket(id));
    String name =
        "idv " + execution.name() + (policy == null ? "" : ", standard()") + (usersApi ? "" : ", usersApi(false)");
    IdvContender contender = new IdvContender(name, id, execution, usersApi, policy, null);
    contender.builder().provision();
    contender.start();
    return contender;
  }

  /** idv on AWS: one verifier on its own collection, bucket and table. */
  final class IdvContender implements Contender {
    private final String name;
    private final String id;
    private final ExecutionMode execution;
    private final boolean usersApi;
    private final @Nullable VerificationPolicy policy;
    private final @Nullable ExecutorService executor;
    private @Nullable IdentityVerifier idv;

    private IdvContender(String name, String id, ExecutionMode execution, boolean usersApi,
        @Nullable VerificationPolicy policy, @Nullable ExecutorService executor) {
      this.name = name;
      this.id = id;
      this.execution = execution;
      this.usersApi = usersApi;
      this.policy = policy;
      this.executor = executor;
    }

    private AwsIdentityVerifier.Builder builder() {
      AwsIdentityVerifier.Builder builder =
          AwsIdentityVerifier.builder()
              .rekognitionClient(rekognition)
              .s3Client(s3)
              .dynamoDbClient(dynamoDb)
              .collectionId(id)
              .bucket(id)
              .tableName(id)
              .usersApi(usersApi)
              .verifier(core -> core.execution(execution));
      if (policy != null) {
        builder.policy(policy);
      }
      if (executor != null) {
        builder.verifier(core -> core.executor(executor));
      }
      return builder;
    }

    private void start() {
      idv = builder().build();
    }

    /**
     * The same configuration on the same collection, bucket and table, with an executor whose
     * futures cancel without interrupting: what {@code Step.cancel()} would do with {@code
     * cancel(false)}. For the throughput section's comparison; it shares this one's users.
     */
    IdvContender withoutInterrupts() {
      IdvContender sibling =
          new IdvContender(name + ", cancel without interrupt", id, execution, usersApi, policy,
              NonInterruptingExecutor.create());
      sibling.start();
      return sibling;
    }

    private IdentityVerifier verifier() {
      if (idv == null) {
        throw new IllegalStateException("not started");
      }
      return idv;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean register(Subject subject) {
      return verifier().register(
                  r ->
                      r.userId(subject.userId())
                          .selfie(FaceImage.fromBytes(subject.selfie()))
                          .idPhoto(StoredImage.of("s3://" + ID_BUCKET + "/" + subject.idKey())))
              .decision()
          == RegisterDecision.REGISTERED;
    }

    @Override
    public boolean login(Subject subject) {
      return verifier().login(r -> r.userId(subject.userId()).selfie(FaceImage.fromBytes(subject.loginSelfie())))
              .decision()
          == LoginDecision.VERIFIED;
    }

    @Override
    public void forget(Subject subject) {
      verifier().forget(UserId.of(subject.userId()));
    }

    @Override
    public void close() {
      verifier().close();
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  @Override
  public void close() {
    rekognition.close();
    s3.close();
    dynamoDb.close();
    servers.close();
  }
}
