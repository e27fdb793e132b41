package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flows racing each other within one verifier.
 *
 * <p>What holds today, in-process, with read-after-write consistent stores:
 *
 * <ul>
 *   <li>One user registering from many threads: exactly one registration, the rest replay it or are
 *       {@code ALREADY_REGISTERED} (register and forget of one user are serialised).
 *   <li>{@code forget} racing {@code login}: a login that starts after forget returned is {@code
 *       NOT_REGISTERED}. Forget deletes the faces first, so a login overlapping it verifies only if
 *       its search ran before that deletion; such a login may return after forget does.
 *   <li>One face registering under two user ids: one after the other, the second is {@code
 *       ALREADY_REGISTERED}. At once, at most one keeps it: register searches for duplicates
 *       after indexing, so each search sees the other's face; if both do, both back off (each is
 *       {@code ALREADY_REGISTERED}) and a retry settles it. This holds across processes too, given a
 *       read-after-write consistent index, and costs no extra call.
 * </ul>
 */
class RaceTest {

  private static final int THREADS = 32;
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId MALLORY = UserId.of("mallory");
  private static final TestSubject ALICE_FACE = TestFaces.subject("alice");

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_sameRequestFrom32Threads_registersOnce(ExecutionMode mode) throws Exception {
    FaceImage selfie = TestFaces.subject("alice").image(1);
    try (Rig rig = new Rig(mode)) {

      List<RegisterResult> results = race(rig, i -> selfie);

      assertThat(results).allSatisfy(r -> assertThat(r.decision()).isEqualTo(RegisterDecision.REGISTERED));
      assertThat(results).filteredOn(r -> !r.replayed()).hasSize(1);
      assertThat(results.stream().map(r -> r.faceId().orElseThrow()).distinct()).hasSize(1);
      assertThat(rig.index.listFaces(ALICE)).hasSize(1);
      assertThat(rig.records.findByUser(ALICE)).hasSize(1);
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_differentSelfiesOfOneUserFrom32Threads_registersOneFace(ExecutionMode mode) throws Exception {
    try (Rig rig = new Rig(mode)) {

      List<RegisterResult> results = race(rig, i -> TestFaces.subject("alice").image(i + 1));

      assertThat(results).filteredOn(RegisterResult::registered).hasSize(1);
      assertThat(results).filteredOn(r -> !r.registered())
          .allSatisfy(r -> {
            assertThat(r.decision()).isEqualTo(RegisterDecision.USER_ALREADY_REGISTERED);
            assertThat(r.existingUser()).contains(ALICE);
          });
      assertThat(rig.index.listFaces(ALICE)).hasSize(1);
      rig.assertNoOrphans();
    }
  }

  // ---------------------------------------------------------------- forget racing login

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void forget_racingLogins_noLoginStartedAfterForgetReturnedSucceeds(ExecutionMode mode) throws Exception {
    int rounds = 12;
    int loginThreads = 6;
    Map<String, Integer> tally = new TreeMap<>();
    try (Rig rig = new Rig(mode)) {
      rig.index.faults().failAlways("search", Fault.latency(Duration.ofMillis(2))); // widens the overlap
      ExecutorService pool = Executors.newFixedThreadPool(loginThreads);
      try {
        for (int round = 0; round < rounds; round++) {
          assertThat(rig.verifier.register(req -> req.userId(ALICE).selfie(ALICE_FACE.image(1))).registered()).isTrue();
          AtomicBoolean forgotten = new AtomicBoolean();
          AtomicBoolean stop = new AtomicBoolean();
          ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
          CountDownLatch verifiedOnce = new CountDownLatch(loginThreads);
          List<Future<?>> logins = new ArrayList<>();
          for (int t = 0; t < loginThreads; t++) {
            int image = 2 + t;
            logins.add(pool.submit(() -> {
              boolean counted = false;
              int afterForget = 0;
              while (!stop.get() || afterForget < 3) {
                boolean startedAfterForget = forgotten.get();
                LoginResult result = rig.verifier.login(req -> req.userId(ALICE).selfie(ALICE_FACE.image(image)));
                outcomes.add((startedAfterForget ? "after " : "during ") + result.decision());
                if (startedAfterForget) {
                  afterForget++;
                }
                if (result.verified() && !counted) {
                  counted = true;
                  verifiedOnce.countDown();
                }
              }
              return null;
            }));
          }
          assertThat(verifiedOnce.await(30, TimeUnit.SECONDS)).as("every login thread verified before forget").isTrue();

          rig.verifier.forget(ALICE);
          forgotten.set(true);
          stop.set(true);

          for (Future<?> login : logins) {
            login.get(30, TimeUnit.SECONDS);
          }
          outcomes.forEach(outcome -> tally.merge(outcome, 1, Integer::sum));
        }
      } finally {
        pool.shutdownNow();
      }
      rig.assertNoOrphans();
    }

    System.out.printf("forget racing login (%s): %s%n", mode, tally);
    assertThat(tally).containsKey("during VERIFIED").containsKey("after NOT_REGISTERED");
    assertThat(tally.keySet())
        .filteredOn(outcome -> outcome.startsWith("after"))
        .containsOnly("after NOT_REGISTERED");
  }

  // ---------------------------------------------------------------- one face, two user ids

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_sameFaceUnderTwoIdsOneAfterTheOther_registersOnlyTheFirst(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId(ALICE).selfie(ALICE_FACE.image(1)));

      RegisterResult second = rig.verifier.register(req -> req.userId(MALLORY).selfie(ALICE_FACE.image(2)));

      assertThat(second.decision()).isEqualTo(RegisterDecision.FACE_ALREADY_REGISTERED);
      assertThat(second.existingUser()).contains(ALICE);
      assertThat(rig.index.listFaces(MALLORY)).isEmpty();
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_sameFaceUnderTwoIdsAtOnce_verifiesAtMostOneUserPerProbe(ExecutionMode mode) throws Exception {
    try (Rig rig = new Rig(mode, Rig.withIdentification())) {

      List<RegisterResult> results = registerBothAtOnce(rig, mode);

      assertThat(results).allSatisfy(r -> assertThat(r.decision())
          .isIn(RegisterDecision.REGISTERED, RegisterDecision.FACE_ALREADY_REGISTERED));
      rig.assertNoOrphans();
      for (int probe = 3; probe <= 10; probe++) {
        FaceImage selfie = ALICE_FACE.image(probe);
        long verified =
            IntStream.of(0, 1)
                .mapToObj(i -> rig.verifier.login(req -> req.userId(i == 0 ? ALICE : MALLORY).selfie(selfie)))
                .filter(LoginResult::verified)
                .count();
        assertThat(verified).as("users verified by probe %d", probe).isLessThanOrEqualTo(1);
        assertThat(rig.verifier.identify(req -> req.selfie(selfie)).decision())
            .isIn(IdentifyDecision.IDENTIFIED, IdentifyDecision.NOT_RECOGNIZED);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_sameFaceUnderTwoIdsAtOnce_registersAtMostOne(ExecutionMode mode) throws Exception {
    try (Rig rig = new Rig(mode)) {

      List<RegisterResult> results = registerBothAtOnce(rig, mode);

      assertThat(results).filteredOn(RegisterResult::registered).hasSizeLessThanOrEqualTo(1);
      assertThat(rig.index.faces().stream().map(IndexedFace::userId).distinct()).hasSizeLessThanOrEqualTo(1);
    }
  }

  /**
   * Registers alice's face as alice and, from another photo, as mallory, both at once: a barrier
   * holds each registration after its duplicate search until the other has searched too, the
   * worst interleaving.
   */
  private static List<RegisterResult> registerBothAtOnce(Rig rig, ExecutionMode mode) throws Exception {
    CyclicBarrier bothSearched = new CyclicBarrier(2);
    try (IdentityVerifier racing =
            IdentityVerifier.builder()
                .faceDetector(rig.detector)
                .faceComparer(rig.comparer)
                .faceIndex(new SearchBarrier(rig.index, bothSearched))
                .imageStore(rig.images)
                .faceRecordStore(rig.records)
                .policy(rig.verifier.policy())
                .clock(Rig.CLOCK)
                .execution(mode)
                .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<RegisterResult> alice =
            pool.submit(() -> racing.register(req -> req.userId(ALICE).selfie(ALICE_FACE.image(1))));
        Future<RegisterResult> mallory =
            pool.submit(() -> racing.register(req -> req.userId(MALLORY).selfie(ALICE_FACE.image(2))));
        return List.of(alice.get(30, TimeUnit.SECONDS), mallory.get(30, TimeUnit.SECONDS));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** A face index whose searches wait for one another before they return. */
  private static final class SearchBarrier implements FaceIndex {
    private final FaceIndex delegate;
    private final CyclicBarrier barrier;

    SearchBarrier(FaceIndex delegate, CyclicBarrier barrier) {
      this.delegate = delegate;
      this.barrier = barrier;
    }

    @Override
    public SearchResult search(FaceImage probe, int maxUsers) {
      SearchResult result = delegate.search(probe, maxUsers);
      try {
        barrier.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException("the other registration never searched", e);
      }
      return result;
    }

    @Override
    public Optional<CollectionInfo> describeCollection() {
      return delegate.describeCollection();
    }

    @Override
    public CollectionInfo createCollection() {
      return delegate.createCollection();
    }

    @Override
    public boolean deleteCollection() {
      return delegate.deleteCollection();
    }

    @Override
    public IndexResult index(UserId user, FaceImage image) {
      return delegate.index(user, image);
    }

    @Override
    public List<IndexedFace> listFaces(UserId user) {
      return delegate.listFaces(user);
    }

    @Override
    public java.util.stream.Stream<IndexedFace> listAllFaces() {
      return delegate.listAllFaces();
    }

    @Override
    public io.github.idvkit.spi.Consistency consistency() {
      return delegate.consistency();
    }

    @Override
    public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
      return delegate.deleteFaces(user, faceIds);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<RegisterResult> race(Rig rig, IntFunction<FaceImage> selfie) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RegisterResult>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        FaceImage image = selfie.apply(i);
        futures.add(pool.submit(() -> {
          start.await();
          return rig.verifier.register(req -> req.userId(ALICE).selfie(image));
        }));
      }
      start.countDown();
      List<RegisterResult> results = new ArrayList<>();
      for (Future<RegisterResult> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
