package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceImage;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.testkit.TestFaces;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RaceTest {

  private static final int THREADS = 32;
  private static final UserId ALICE = UserId.of("alice");

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
            assertThat(r.decision()).isEqualTo(RegisterDecision.ALREADY_REGISTERED);
            assertThat(r.existingUser()).contains(ALICE);
          });
      assertThat(rig.index.listFaces(ALICE)).hasSize(1);
      rig.assertNoOrphans();
    }
  }

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
