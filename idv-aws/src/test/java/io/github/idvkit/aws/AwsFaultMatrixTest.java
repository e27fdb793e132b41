package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginResult;
import io.github.idvkit.ProviderException;
import io.github.idvkit.Reconciler;
import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterRequest;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.PortDecorator;
import io.github.idvkit.spi.RegistrationIntent;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The fault matrix (issue 7, item 1, AWS half) on {@link AwsIdentityVerifier} with the real SDK
 * clients against the local servers. Each flow is run once without faults and every AWS call it
 * makes (service, operation, occurrence) is a row; each row gets every fault kind, and a crash of
 * the process right after the call.
 *
 * <p>Faults: on Rekognition, the endpoint itself answers the call with {@code ThrottlingException}
 * (HTTP 400) or {@code InternalServerError} (HTTP 500); on S3 and DynamoDB a client interceptor
 * fails the call before it is sent (HTTP 500 / throughput exceeded, as the SDK would surface
 * them). "After side effect" lets the call reach the server and then fails it on the way back, on
 * every service. A crash lets the call through and then fails it and every later call, so nothing
 * the flow or its compensation would do reaches AWS; after the "restart" the {@link Reconciler}
 * repairs what is left. Clients never retry, so every fault reaches the verifier.
 *
 * <p>After a crashed forget the caller, who never heard back, calls forget again: with the users
 * API (the default) a crash between {@code DeleteUser} and {@code DeleteFaces} leaves faces that
 * are still recorded but no longer associated; the reconciler reports those records as incomplete
 * (a user search cannot match them) and repairs them, and the retried forget erases the rest.
 *
 * <p>Registration journals its steps in an intent (core), and the index undoes nothing itself: a
 * registration whose {@code IndexFaces} or {@code CreateUser} failed after Rekognition stored the
 * face leaves that face associated with no user, which core cannot name; those cells run the
 * reconciler and are printed separately. Intents are written at a fixed time days in the past, so
 * after a crash the reconciler (on the system clock) sees them as stale at once.
 *
 * <p>By default the matrix runs a quick subset, under a minute: one fault kind per row (a write
 * fails after its side effect, a read is throttled or fails), crashes only after calls that write,
 * and no impostor login; {@code -Didv.awsMatrix.full=true} runs
 * every row with every fault kind.
 *
 * <p>In each cell the caller gets the flow's outcome or a retryable {@link ProviderException};
 * afterwards no face, image or record is out of step (read through the ports' listings), a retry
 * gets the right outcome and bob's registration is untouched. Sequential execution only (the
 * concurrent mode's extra interleavings are covered by the in-memory matrix). Also asserts that
 * every S3 {@code PutObject} on the wire carried server-side encryption. Prints "N cells, 0
 * orphans".
 */
class AwsFaultMatrixTest {

  @AfterAll
  static void printCrossInstance() {
    if (CROSS_CELLS.get() > 0 || CROSS_LOST.get() > 0) {
      System.out.printf("Cross-instance matrix (AWS wiring): %d cells, 0 orphans, %d lost registrations%n",
          CROSS_CELLS.get(), CROSS_LOST.get());
    }
  }

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();
  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final TestSubject BOB = TestFaces.subject("bob");
  private static final TestSubject MALLORY = TestFaces.subject("mallory");
  private static final UserId ALICE_ID = UserId.of("alice@example.com");
  private static final UserId BOB_ID = UserId.of("bob@example.com");
  private static final String BUCKET = "idv-matrix";
  private static final String TABLE = "idv-matrix";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

  private static final Injector INJECTOR = new Injector();
  private static final AtomicInteger CELLS = new AtomicInteger();
  private static final AtomicInteger CRASH_CELLS = new AtomicInteger();
  private static final AtomicInteger ORPHANS = new AtomicInteger();
  private static final AtomicInteger CELL_IDS = new AtomicInteger();
  private static final Map<String, Integer> PER_FLOW = new ConcurrentHashMap<>();
  private static final Map<String, Integer> CRASH_LEFTOVERS = new ConcurrentHashMap<>();
  private static final Map<String, Integer> LEFT_FOR_RECONCILER = new ConcurrentHashMap<>();
  private static final Predicate<String> RUNAWAY_FACE = o -> o.startsWith("face ") && o.endsWith(" has no record");

  private static S3Client s3;
  private static DynamoDbClient dynamoDb;
  private static RekognitionEndpoint endpoint;
  private static RekognitionClient rekognition;
  private static S3Client reader;

  @BeforeAll
  static void startServers() {
    s3 = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(S3.endpoint())
        .forcePathStyle(true)
        .serviceConfiguration(TestClients.s3Configuration())
        .region(Region.US_EAST_1)
        .credentialsProvider(TestClients.credentials())
        .overrideConfiguration(intercepted(TestClients.noRetries()))
        .build();
    dynamoDb = DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(DYNAMO.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(TestClients.credentials())
        .overrideConfiguration(intercepted(TestClients.noRetries()))
        .build();
    reader = S3.client();
    endpoint = RekognitionEndpoint.start((b, k) -> RekognitionFaceComparerTest.read(reader, b, k));
    rekognition = RekognitionClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(TestClients.credentials())
        .overrideConfiguration(intercepted(TestClients.noRetries()))
        .build();
    s3.createBucket(b -> b.bucket(BUCKET));
    DynamoDbFaceRecordStore.builder().dynamoDbClient(dynamoDb).tableName(TABLE).build().createTableIfMissing();
  }

  /**
   * Injected faults are thrown outside the SDK's retry loop, so they reach the verifier whatever the
   * strategy. No client retries: S3 uploads plain bodies ({@link TestClients#s3Configuration()}),
   * so s3proxy no longer drops kept-alive connections.
   */
  private static software.amazon.awssdk.core.client.config.ClientOverrideConfiguration intercepted(
      software.amazon.awssdk.retries.api.RetryStrategy retries) {
    return TestClients.override(retries).toBuilder().addExecutionInterceptor(INJECTOR).build();
  }

  @AfterAll
  static void stopServers() {
    rekognition.close();
    endpoint.close();
    dynamoDb.close();
    s3.close();
    reader.close();
  }

  // ---------------------------------------------------------------- scenarios

  private enum Scenario {
    REGISTER {
      @Override
      Object when(Cell cell) {
        return cell.idv.register(r -> r.userId(ALICE_ID).selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));
      }

      @Override
      void given(Cell cell) {
        cell.registerBob();
      }
    },
    LOGIN {
      @Override
      Object when(Cell cell) {
        return cell.idv.login(r -> r.userId(ALICE_ID).selfie(ALICE.image(3)));
      }
    },
    LOGIN_AS_IMPOSTOR {
      @Override
      Object when(Cell cell) {
        return cell.idv.login(r -> r.userId(ALICE_ID).selfie(MALLORY.image(1)));
      }
    },
    IDENTIFY {
      @Override
      Object when(Cell cell) {
        return cell.idv.identify(r -> r.selfie(ALICE.image(4)));
      }
    },
    FORGET {
      @Override
      Object when(Cell cell) {
        return cell.idv.forget(ALICE_ID);
      }
    };

    abstract Object when(Cell cell);

    void given(Cell cell) {
      cell.registerBob();
      assertThat(cell.idv.register(r -> r.userId(ALICE_ID).selfie(ALICE.image(1))).registered()).isTrue();
    }

    String flow() {
      return name().split("_")[0].toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A row: the {@code occurrence}-th call of {@code operation} on {@code service}. */
  private record Row(String service, String operation, int occurrence) {
    @Override
    public String toString() {
      return service + "." + operation + "#" + occurrence;
    }
  }

  private enum FaultKind {
    THROTTLED, SERVER_ERROR, SERVER_ERROR_AFTER_SIDE_EFFECT, CRASH
  }

  /**
   * The calls that change state: the quick subset crashes only after these (a crash after a read is
   * the same as a crash after the write before it).
   */
  private static final Set<String> WRITES = Set.of("IndexFaces", "CreateUser", "AssociateFaces",
      "DisassociateFaces", "DeleteUser", "DeleteFaces", "PutObject", "DeleteObject", "PutItem", "DeleteItem");

  private static final Map<Scenario, List<Row>> ROWS = new HashMap<>();
  private static final Map<Scenario, String> EXPECTED = new HashMap<>();

  private static synchronized List<Row> rows(Scenario scenario) {
    return ROWS.computeIfAbsent(scenario, s -> {
      try (Cell cell = new Cell()) {
        s.given(cell);
        INJECTOR.recording.clear();
        INJECTOR.recordingOn = true;
        Object result = s.when(cell);
        INJECTOR.recordingOn = false;
        EXPECTED.put(s, outcome(result));
        Map<String, Integer> seen = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (String call : INJECTOR.recording) {
          String[] parts = call.split("\\.");
          rows.add(new Row(parts[0], parts[1], seen.merge(call, 1, Integer::sum)));
        }
        return List.copyOf(rows);
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> flows_faultAtAnyAwsCall_giveRightOutcomeOrRetryableErrorAndNoOrphan() {
    boolean full = Boolean.getBoolean("idv.awsMatrix.full");
    List<DynamicTest> tests = new ArrayList<>();
    for (Scenario scenario : Scenario.values()) {
      if (!full && scenario == Scenario.LOGIN_AS_IMPOSTOR) {
        continue;
      }
      List<Row> rows = rows(scenario);
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        for (FaultKind kind : FaultKind.values()) {
          boolean writes = scenario == Scenario.REGISTER || scenario == Scenario.FORGET;
          if (kind == FaultKind.CRASH && !(writes && (full || WRITES.contains(row.operation())))) {
            continue; // a crash in a read-only flow leaves nothing behind
          }
          if (!full && kind != FaultKind.CRASH && kind != quickKind(row, i)) {
            continue; // the quick subset: one fault kind per row
          }
          tests.add(dynamicTest(scenario + " " + row + " " + kind, () -> cell(scenario, row, kind)));
        }
      }
    }
    return tests.stream();
  }

  /** A write fails after its side effect; a read is throttled or fails, alternately. */
  private static FaultKind quickKind(Row row, int index) {
    if (WRITES.contains(row.operation())) {
      return FaultKind.SERVER_ERROR_AFTER_SIDE_EFFECT;
    }
    return index % 2 == 0 ? FaultKind.THROTTLED : FaultKind.SERVER_ERROR;
  }

  private static void cell(Scenario scenario, Row row, FaultKind kind) {
    try {
      runCell(scenario, row, kind);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(scenario + " " + row + " " + kind + ": " + e, e);
    }
  }

  private static void runCell(Scenario scenario, Row row, FaultKind kind) {
    try (Cell cell = new Cell()) {
      scenario.given(cell);
      String expected = EXPECTED.get(scenario);
      INJECTOR.arm(row, kind);

      Object result = null;
      RuntimeException thrown = null;
      try {
        result = scenario.when(cell);
      } catch (RuntimeException e) {
        thrown = e;
      }
      boolean triggered = INJECTOR.triggered;
      INJECTOR.disarm(); // the fault is gone; after a crash, the process restarts

      if (kind == FaultKind.CRASH) {
        List<String> leftovers = cell.orphans();
        if (!leftovers.isEmpty()) {
          CRASH_LEFTOVERS.merge(scenario + " crash after " + row.service() + "." + row.operation(), 1, Integer::sum);
        }
        ReconciliationReport found = cell.reconciler.scan();
        assertThat(found.clean()).as("the scan finds what the crash left: %s", leftovers).isEqualTo(leftovers.isEmpty());
        cell.reconciler.repair();
        countOrphans(cell);
        if (scenario == Scenario.FORGET) {
          // The caller never heard back, so it calls forget again, which erases the rest.
          cell.idv.forget(ALICE_ID);
          assertThat(cell.holdingsOf(ALICE_ID)).as("alice's holdings after the retried forget").isZero();
          countOrphans(cell);
        }
        RegisterResult registered = cell.idv.register(r -> r.userId(ALICE_ID).selfie(ALICE.image(1)));
        assertThat(registered.decision().name()).as("register after the crash and the repair").isEqualTo("REGISTERED");
        assertThat(outcome(cell.idv.login(r -> r.userId(ALICE_ID).selfie(ALICE.image(3)))))
            .as("login after the crash and the repair").isEqualTo("VERIFIED");
        CRASH_CELLS.incrementAndGet();
      } else {
        if (thrown != null) {
          assertThat(thrown).as("what the caller gets").isInstanceOfSatisfying(ProviderException.class,
              e -> assertThat(e.retryable()).as("retryable: %s", e).isTrue());
        } else {
          assertThat(outcome(result)).as("the outcome despite the fault").isEqualTo(expected);
          // A commit whose reply was lost is read back: finding it landed, the flow rightly succeeds.
          boolean verifiedCommit = INJECTOR.commitTargeted && kind == FaultKind.SERVER_ERROR_AFTER_SIDE_EFFECT;
          // Preparing the user (CreateUser beside IndexFaces) is an optimisation: AssociateFaces
          // creates the user itself when it is missing, so the flow rightly carries on.
          boolean preparation = scenario == Scenario.REGISTER && row.operation().equals("CreateUser");
          assertThat(triggered && !verifiedCommit && !preparation).as("a failed %s was swallowed", row).isFalse();
        }
        // A forget that failed part-way, or a registration whose undo could not release its intent,
        // leaves what the retry finishes: a journal, never an unreachable face, image or record.
        List<String> left = cell.orphans();
        // With the Users API, an IndexFaces or CreateUser that failed after Rekognition stored the
        // face leaves it associated with no user: core never learned its id and the port no longer
        // undoes anything, and listFaces (what core's undo reads) lists only associated faces. The
        // reconciler finds it (listAllFaces reads the user from the ExternalImageId) and deletes it.
        if (scenario == Scenario.REGISTER
            && thrown != null
            && kind == FaultKind.SERVER_ERROR_AFTER_SIDE_EFFECT
            && Set.of("IndexFaces", "CreateUser").contains(row.operation())
            && left.stream().anyMatch(RUNAWAY_FACE)
            && left.stream().allMatch(o -> RUNAWAY_FACE.test(o) || o.startsWith("pending intent"))) {
          // (On an eventually consistent index core also keeps its journal, stale at once, for the
          // next attempt or the reconciler.)
          LEFT_FOR_RECONCILER.merge(row.service() + "." + row.operation(), 1, Integer::sum);
          assertThat(cell.reconciler.scan().unrecordedFaces()).hasSize((int) left.stream().filter(RUNAWAY_FACE).count());
          cell.reconciler.repair();
          left = cell.orphans();
          assertThat(left).as("orphans after the reconciler's repair").isEmpty();
        }
        boolean healedByRetry =
            thrown != null
                && !left.isEmpty()
                && (scenario == Scenario.FORGET
                    || left.stream().allMatch(o -> o.startsWith("pending intent") || o.startsWith("unfinished commit")));
        if (!healedByRetry) {
          countOrphans(cell);
        }
        Object retried = scenario.when(cell);
        if (scenario == Scenario.REGISTER || scenario == Scenario.FORGET) {
          int holdings = cell.holdingsOf(ALICE_ID);
          assertThat(holdings).as("alice's face, image and record after the retry")
              .isEqualTo(scenario == Scenario.REGISTER ? 3 : 0);
          assertThat(retried).isNotNull();
        } else {
          assertThat(outcome(retried)).as("the retry").isEqualTo(expected);
        }
        countOrphans(cell);
      }
      assertThat(cell.holdingsOf(BOB_ID)).as("bob's face, image and record").isEqualTo(3);
      CELLS.incrementAndGet();
      PER_FLOW.merge(scenario.flow(), 1, Integer::sum);
    } finally {
      INJECTOR.disarm();
    }
  }

  private static void countOrphans(Cell cell) {
    List<String> orphans = cell.orphans();
    ORPHANS.addAndGet(orphans.size());
    assertThat(orphans).as("orphans").isEmpty();
  }

  @AfterAll
  static void printSize() {
    if (CELLS.get() == 0) {
      return;
    }
    System.out.printf("AWS fault matrix: %d cells, %d orphans %s, of which %d crash cells repaired by the"
            + " reconciler (%d left orphans before the repair: %s); %d S3 PutObject requests, all with SSE%n",
        CELLS.get(), ORPHANS.get(), new TreeMap<>(PER_FLOW), CRASH_CELLS.get(),
        CRASH_LEFTOVERS.values().stream().mapToInt(Integer::intValue).sum(), new TreeMap<>(CRASH_LEFTOVERS),
        INJECTOR.puts.get());
    System.out.printf("AWS fault matrix: faces an index call left unassociated, repaired by the reconciler: %s%n",
        new TreeMap<>(LEFT_FOR_RECONCILER));
    assertThat(ORPHANS.get()).as("orphans in the AWS fault matrix").isZero();
    assertThat(INJECTOR.putsWithoutSse).as("S3 PutObject requests sent without server-side encryption").isEmpty();
    assertThat(INJECTOR.puts.get()).as("S3 PutObject requests seen").isPositive();
  }

  // ---------------------------------------------------------------- two app instances

  private static final AtomicInteger CROSS_CELLS = new AtomicInteger();
  private static final AtomicInteger CROSS_LOST = new AtomicInteger();

  /**
   * Two app instances on one collection, bucket and table: at every port call instance A makes
   * while registering alice, instance B runs the same request (a client's retry sent to the other
   * instance). A's registration is never lost, nothing is orphaned, and a retry replays it.
   */
  @TestFactory
  Stream<DynamicTest> register_sameRequestOnSecondInstanceAtEveryStep_neverLosesOrOrphans() {
    int calls;
    AtomicInteger counted = new AtomicInteger();
    try (Cell probe = new Cell(counting(counted, call -> {}), Duration.ZERO)) {
      assertThat(probe.idv.register(crossRequest()).registered()).isTrue();
      calls = counted.get();
    }
    List<DynamicTest> cells = new ArrayList<>();
    for (int step = 1; step <= calls; step++) {
      int at = step;
      cells.add(DynamicTest.dynamicTest("B retries at A's call " + at + " of " + calls, () -> crossCell(at)));
    }
    return cells.stream();
  }

  private static RegisterRequest crossRequest() {
    return RegisterRequest.builder().userId(ALICE_ID).selfie(ALICE.image(1)).requestId("signup-7").build();
  }

  private static void crossCell(int step) {
    List<Object> outcomes = new ArrayList<>();
    AtomicReference<Cell> self = new AtomicReference<>();
    try (Cell cell = new Cell(counting(new AtomicInteger(), call -> {
          if (call == step) {
            try {
              outcomes.add(self.get().twin.register(crossRequest()).decision());
            } catch (ProviderException e) {
              outcomes.add(e.kind());
            }
          }
        }), Duration.ZERO)) {
      self.set(cell);

      RegisterResult first = cell.idv.register(crossRequest());

      assertThat(first.decision()).as("instance A").isEqualTo(RegisterDecision.REGISTERED);
      assertThat(outcomes).as("instance B").allSatisfy(outcome -> assertThat(outcome)
          .isIn(RegisterDecision.REGISTERED, RegisterDecision.REGISTRATION_IN_PROGRESS));
      assertThat(cell.orphans()).as("orphans").isEmpty();
      boolean kept = cell.records.findByUser(ALICE_ID).size() == 1 && cell.index.listFaces(ALICE_ID).size() == 1
          && cell.images.list(ALICE_ID).size() == 1;
      if (!kept) {
        CROSS_LOST.incrementAndGet();
      }
      assertThat(kept).as("alice's face, image and record").isTrue();
      RegisterResult again = cell.twin.register(crossRequest());
      assertThat(again.replayed()).isTrue();
      assertThat(again.faceId()).isEqualTo(first.faceId());
      CROSS_CELLS.incrementAndGet();
    }
  }

  /** A decorator whose ports report the number of each call before making it. */
  private static PortDecorator counting(AtomicInteger count, IntConsumer onCall) {
    return new PortDecorator() {
      @Override
      public FaceDetector faceDetector(FaceDetector port) {
        return tap(FaceDetector.class, port);
      }

      @Override
      public FaceComparer faceComparer(FaceComparer port) {
        return tap(FaceComparer.class, port);
      }

      @Override
      public FaceIndex faceIndex(FaceIndex port) {
        return tap(FaceIndex.class, port);
      }

      @Override
      public ImageStore imageStore(ImageStore port) {
        return tap(ImageStore.class, port);
      }

      @Override
      public FaceRecordStore faceRecordStore(FaceRecordStore port) {
        return tap(FaceRecordStore.class, port);
      }

      private <T> T tap(Class<T> type, T delegate) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
          if (method.getDeclaringClass() != Object.class && !method.getName().equals("consistency")) {
            onCall.accept(count.incrementAndGet());
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
        return type.cast(proxy);
      }
    };
  }

  // ---------------------------------------------------------------- one cell's world

  /**
   * A fresh collection and image prefix, an emptied table (records and intents), a verifier and a
   * reconciler over them.
   */
  private static final class Cell implements AutoCloseable {
    final String collectionId;
    final String prefix;
    final IdentityVerifier idv;
    final @Nullable IdentityVerifier twin;
    final RekognitionFaceIndex index;
    final S3ImageStore images;
    final DynamoDbFaceRecordStore records;
    final Reconciler reconciler;

    Cell() {
      this(null, null);
    }

    /**
     * A cell whose verifier wraps its ports with {@code decorator}, sharing its stores with a second
     * verifier ({@link #twin}) that waits {@code twinWait} for a registration running elsewhere.
     */
    Cell(@Nullable PortDecorator decorator, @Nullable Duration twinWait) {
      int id = CELL_IDS.incrementAndGet();
      collectionId = "idv-matrix-" + id;
      prefix = "cell-" + id + "/";
      AwsIdentityVerifier.Builder aws =
          AwsIdentityVerifier.builder()
              .rekognitionClient(rekognition)
              .s3Client(s3)
              .dynamoDbClient(dynamoDb)
              .collectionId(collectionId)
              .bucket(BUCKET)
              .imagePrefix(prefix)
              .tableName(TABLE)
              // Intents are written at this fixed time, days before the reconciler's (system) clock:
              // after a crash they are stale at once, as they would be after the grace period.
              .verifier(core -> core.execution(ExecutionMode.SEQUENTIAL).clock(CLOCK))
              .policy(VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build());
      twin = twinWait == null ? null : aws.verifier(core -> core.registrationWait(twinWait)).build();
      if (decorator != null) {
        aws.verifier(core -> core.decoratePorts(decorator).registrationWait(Duration.ofSeconds(5)));
      }
      idv = aws.build();
      index = RekognitionFaceIndex.builder().rekognitionClient(rekognition).collectionId(collectionId).build();
      index.createCollection(); // the bucket and table were provisioned once, for every cell
      images = S3ImageStore.builder().s3Client(s3).bucket(BUCKET).prefix(prefix).build();
      records = DynamoDbFaceRecordStore.builder().dynamoDbClient(dynamoDb).tableName(TABLE).build();
      records.findAll().forEach(record -> records.delete(record.userId(), record.faceId()));
      // An earlier cell's registration intents would replay its registration (with its images).
      records.findIntents().forEach(intent -> records.deleteIntent(intent.userId(), intent.attemptId()));
      reconciler = Reconciler.create(index, images, records);
    }

    void registerBob() {
      assertThat(idv.register(r -> r.userId(BOB_ID).selfie(BOB.image(1))).registered()).isTrue();
    }

    /** Everything out of step, read through the ports' listings (no faults are armed). */
    List<String> orphans() {
      List<FaceRecord> all = new ArrayList<>(records.findAll().toList());
      List<String> orphans = new ArrayList<>();
      for (RegistrationIntent intent : records.findIntents().toList()) {
        if (!intent.committed()) {
          orphans.add("pending intent of " + intent.userId() + " (attempt " + intent.attemptId() + ")");
        } else if (all.stream().noneMatch(r -> r.faceId().equals(intent.faceId().orElseThrow()))) {
          // Committed, record not written yet: its face and image belong to it; a retry or the
          // reconciler writes the record.
          orphans.add("unfinished commit of " + intent.userId() + " (face " + intent.faceId().orElseThrow() + ")");
          all.add(intent.record().orElseThrow());
        }
      }
      List<IndexedFace> faces = index.listAllFaces().toList();
      assertThat(faces).as("faces listed vs. faces the endpoint holds")
          .hasSize(endpoint.faceIds(collectionId).size());
      Set<FaceId> indexed = faces.stream().map(IndexedFace::faceId).collect(Collectors.toSet());
      Set<StoredImage> stored = Set.copyOf(images.listAll().toList());
      Set<FaceId> recordedFaces = all.stream().map(FaceRecord::faceId).collect(Collectors.toSet());
      Set<StoredImage> recordedImages = all.stream().map(FaceRecord::image).collect(Collectors.toSet());
      faces.stream().filter(f -> !recordedFaces.contains(f.faceId()))
          .forEach(f -> orphans.add("face " + f.faceId() + " has no record"));
      stored.stream().filter(i -> !recordedImages.contains(i)).forEach(i -> orphans.add("image " + i + " has no record"));
      Set<UserId> pending = records.findIntents().filter(intent -> !intent.committed())
          .map(RegistrationIntent::userId).collect(Collectors.toSet());
      Set<UserId> recordedUsers = all.stream().map(FaceRecord::userId).collect(Collectors.toSet());
      for (String rekognitionUser : endpoint.userIds(collectionId)) {
        // A Rekognition user no registration holds (its id can carry an e-mail address).
        RekognitionIds.userOfRekognitionUser(rekognitionUser)
            .filter(user -> !recordedUsers.contains(user) && !pending.contains(user))
            .ifPresent(user -> orphans.add("Rekognition user " + user + " without a registration"));
      }
      for (FaceRecord record : all) {
        // With the Users API a recorded face must also be associated with its user (a user search
        // matches only those), as the reconciler checks it: listFaces lists exactly those.
        boolean searchable =
            index.listFaces(record.userId()).stream().anyMatch(f -> f.faceId().equals(record.faceId()));
        if (indexed.contains(record.faceId()) && !searchable) {
          orphans.add("record of face " + record.faceId() + ": face not associated with its user");
        }
        if (!indexed.contains(record.faceId())) {
          orphans.add("record of face " + record.faceId() + ": face gone");
        }
        if (!stored.contains(record.image())) {
          orphans.add("record of face " + record.faceId() + ": image gone");
        }
      }
      return orphans;
    }

    int holdingsOf(UserId user) {
      String userPrefix = "/" + prefix + ImageKeys.userPrefix(user);
      return (int) (index.listAllFaces().filter(f -> f.userId().equals(user)).count()
          + images.listAll().filter(i -> i.uri().getPath().startsWith(userPrefix)).count()
          + records.findByUser(user).size());
    }

    @Override
    public void close() {
      idv.close();
      if (twin != null) {
        twin.close();
      }
    }
  }

  // ---------------------------------------------------------------- fault injection

  /** The process died (simulated). */
  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("the process stopped here (simulated crash)");
    }
  }

  /**
   * Counts every AWS call, injects one scripted fault, records whether S3 puts carry SSE. Rekognition
   * faults before the side effect are answered by the endpoint itself.
   */
  private static final class Injector implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> TARGET = new ExecutionAttribute<>("idv.matrix.target");

    final List<String> recording = new CopyOnWriteArrayList<>();
    final AtomicInteger puts = new AtomicInteger();
    final List<String> putsWithoutSse = new CopyOnWriteArrayList<>();
    volatile boolean recordingOn;
    private volatile Row row;
    private volatile FaultKind kind;
    private volatile boolean dead;
    volatile boolean triggered;
    /** Whether the faulted call was the commit of a registration intent (a PutItem of a COMMITTED intent). */
    volatile boolean commitTargeted;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    synchronized void arm(Row row, FaultKind kind) {
      counts.clear();
      this.triggered = false;
      this.commitTargeted = false;
      this.kind = kind;
      this.row = row;
    }

    synchronized void disarm() {
      row = null;
      kind = null;
      dead = false;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String service = service(attributes);
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      if (dead) {
        throw new Crash();
      }
      if (recordingOn) {
        recording.add(service + "." + operation);
      }
      Row target = row;
      if (target == null || !target.service().equals(service) || !target.operation().equals(operation)) {
        return;
      }
      int occurrence = counts.computeIfAbsent(service + "." + operation, k -> new AtomicInteger()).incrementAndGet();
      if (occurrence != target.occurrence()) {
        return;
      }
      triggered = true;
      commitTargeted =
          context.request() instanceof PutItemRequest put
              && put.hasItem()
              && put.item().containsKey("state")
              && "COMMITTED".equals(put.item().get("state").s());
      attributes.putAttribute(TARGET, true);
      FaultKind fault = kind;
      if (fault == FaultKind.THROTTLED || fault == FaultKind.SERVER_ERROR) {
        boolean throttled = fault == FaultKind.THROTTLED;
        switch (service) {
          case "Rekognition" -> endpoint.failNext(operation, throttled ? 400 : 500,
              throttled ? "ThrottlingException" : "InternalServerError", 1);
          case "DynamoDb" -> throw throttled
              ? ProvisionedThroughputExceededException.builder().statusCode(400).message("injected")
                  .awsErrorDetails(details("ProvisionedThroughputExceededException", "DynamoDb")).build()
              : DynamoDbException.builder().statusCode(500).message("injected")
                  .awsErrorDetails(details("InternalServerError", "DynamoDb")).build();
          default -> throw S3Exception.builder().statusCode(throttled ? 503 : 500).message("injected")
              .awsErrorDetails(details(throttled ? "SlowDown" : "InternalError", "S3")).build();
        }
      }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if ("PutObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        puts.incrementAndGet();
        List<String> sse = context.httpRequest().headers().getOrDefault("x-amz-server-side-encryption", List.of());
        if (sse.isEmpty()) {
          putsWithoutSse.add(context.httpRequest().encodedPath());
        }
      }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      if (!Boolean.TRUE.equals(attributes.getAttribute(TARGET))) {
        return;
      }
      String service = service(attributes);
      if (kind == FaultKind.CRASH) {
        dead = true;
        throw new Crash();
      }
      if (kind == FaultKind.SERVER_ERROR_AFTER_SIDE_EFFECT) {
        throw switch (service) {
          case "Rekognition" -> RekognitionException.builder().statusCode(500).message("injected after")
              .awsErrorDetails(details("InternalServerError", service)).build();
          case "DynamoDb" -> DynamoDbException.builder().statusCode(500).message("injected after")
              .awsErrorDetails(details("InternalServerError", service)).build();
          default -> S3Exception.builder().statusCode(500).message("injected after")
              .awsErrorDetails(details("InternalError", service)).build();
        };
      }
    }

    private static String service(ExecutionAttributes attributes) {
      return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    }

    private static AwsErrorDetails details(String code, String service) {
      return AwsErrorDetails.builder().errorCode(code).serviceName(service).build();
    }
  }

  /** A flow's outcome as one comparable string. */
  static String outcome(Object result) {
    if (result instanceof RegisterResult r) {
      return r.decision().name();
    }
    if (result instanceof LoginResult r) {
      return r.decision().name();
    }
    if (result instanceof IdentifyResult r) {
      return r.decision().name() + r.userId().map(user -> " " + user.fingerprint()).orElse("");
    }
    if (result instanceof ForgetResult r) {
      return (r.anythingDeleted() ? "FORGOTTEN" : "NOTHING_TO_FORGET") + " faces=" + r.deletedFaces().size()
          + " images=" + r.deletedImages() + " records=" + r.deletedRecords();
    }
    throw new IllegalArgumentException("Not a flow result: " + result);
  }
}
