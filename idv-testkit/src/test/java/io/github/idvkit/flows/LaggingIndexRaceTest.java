package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One face, two users, on an index whose writes show only after a few reads (as Rekognition's
 * Users API associates faces asynchronously): two registrations of the same person under two ids,
 * at once, on two verifiers. At most one may keep the face, in every run.
 */
class LaggingIndexRaceTest {

  private static final int RUNS = 25;
  private static final TestSubject PERSON = TestFaces.subject("alice");
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId MALLORY = UserId.of("mallory");
  private static final AtomicInteger TOTAL = new AtomicInteger();
  private static final AtomicInteger TWO_USERS = new AtomicInteger();

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_sameFaceUnderTwoIdsOnLaggingIndex_neverGivesOneFaceTwoUsers(ExecutionMode mode) throws Exception {
    for (int run = 0; run < RUNS; run++) {
      try (Rig rig = new Rig(mode)) {
        rig.index.faults().lag(2);
        assertThat(rig.index.consistency()).isEqualTo(Consistency.EVENTUAL);

        List<RegisterResult> results = registerBothAtOnce(rig, mode);

        assertThat(results).allSatisfy(result -> assertThat(result.decision())
            .isIn(RegisterDecision.REGISTERED, RegisterDecision.FACE_ALREADY_REGISTERED));
        List<UserId> registered =
            rig.records.records().stream().map(FaceRecord::userId).distinct().toList();
        TOTAL.incrementAndGet();
        if (registered.size() > 1) {
          TWO_USERS.incrementAndGet();
        }
        assertThat(registered).as("users holding the one face, run %d", run).hasSizeLessThanOrEqualTo(1);
        rig.index.faults().lag(0);
        long verified =
            List.of(ALICE, MALLORY).stream()
                .map(user -> rig.verifier.login(req -> req.userId(user).selfie(PERSON.image(3))))
                .filter(LoginResult::verified)
                .count();
        assertThat(verified).as("users verified by one face, run %d", run).isLessThanOrEqualTo(1);
        rig.assertNoOrphans();
      }
    }
  }

  private static List<RegisterResult> registerBothAtOnce(Rig rig, ExecutionMode mode) throws Exception {
    try (IdentityVerifier other =
            IdentityVerifier.builder()
                .faceDetector(rig.detector)
                .faceComparer(rig.comparer)
                .faceIndex(rig.index)
                .imageStore(rig.images)
                .faceRecordStore(rig.records)
                .policy(rig.verifier.policy())
                .clock(Rig.CLOCK)
                .execution(mode)
                .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CountDownLatch start = new CountDownLatch(1);
        Future<RegisterResult> alice = pool.submit(() -> {
          start.await();
          return rig.verifier.register(req -> req.userId(ALICE).selfie(PERSON.image(1)));
        });
        Future<RegisterResult> mallory = pool.submit(() -> {
          start.await();
          return other.register(req -> req.userId(MALLORY).selfie(PERSON.image(2)));
        });
        start.countDown();
        return List.of(alice.get(30, TimeUnit.SECONDS), mallory.get(30, TimeUnit.SECONDS));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @AfterAll
  static void printSize() {
    System.out.printf("Lagging-index races: %d runs, %d faces with two users%n", TOTAL.get(), TWO_USERS.get());
    assertThat(TWO_USERS.get()).isZero();
  }
}
