package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.ProviderException;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterRequest;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Two app instances on the same stores: instance A registers, and at every provider call A makes,
 * instance B runs the same request (a client's retry that the load balancer sent elsewhere), with
 * and without B's own image upload failing. Whatever the interleaving, the registration is never
 * lost, nothing is orphaned, and B never undoes A's work.
 */
class CrossInstanceTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final UserId ALICE_ID = UserId.of("alice");
  private static final AtomicInteger CELLS = new AtomicInteger();
  private static final AtomicInteger ORPHANS = new AtomicInteger();
  private static final AtomicInteger LOST = new AtomicInteger();

  private enum Retry {
    CLEAN,
    IMAGE_PUT_FAILS
  }

  @TestFactory
  Stream<DynamicTest> register_sameRequestOnSecondInstanceAtEveryStep_neverLosesOrOrphans() {
    List<DynamicTest> cells = new ArrayList<>();
    for (ExecutionMode mode : ExecutionMode.values()) {
      int calls = callsOfOneRegistration(mode);
      for (int step = 1; step <= calls; step++) {
        for (Retry retry : Retry.values()) {
          if (retry == Retry.IMAGE_PUT_FAILS && mode == ExecutionMode.CONCURRENT) {
            continue; // A's own upload may be in flight then and take B's scripted fault
          }
          int at = step;
          cells.add(DynamicTest.dynamicTest(
              mode + " B retries at A's call " + at + " of " + calls + ", " + retry, () -> cell(mode, at, retry)));
        }
      }
    }
    return cells.stream();
  }

  private static RegisterRequest request() {
    return RegisterRequest.builder()
        .userId(ALICE_ID)
        .selfie(ALICE.image(1))
        .idPhoto(ALICE.image(2))
        .requestId("signup-7")
        .build();
  }

  private static int callsOfOneRegistration(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      AtomicInteger calls = new AtomicInteger();
      try (IdentityVerifier a = instance(rig, mode, calls::set, Duration.ofSeconds(5))) {
        a.register(request());
      }
      return calls.get();
    }
  }

  private static void cell(ExecutionMode mode, int step, Retry retry) {
    try (Rig rig = new Rig(mode)) {
      List<Object> outcomes = new ArrayList<>();
      try (IdentityVerifier b = instance(rig, mode, call -> {}, Duration.ZERO);
          IdentityVerifier a =
              instance(rig, mode, call -> {
                if (call == step) {
                  if (retry == Retry.IMAGE_PUT_FAILS) {
                    rig.images.faults().failNext("put", Fault.serverError());
                  }
                  try {
                    outcomes.add(b.register(request()).decision());
                  } catch (ProviderException e) {
                    outcomes.add(e.kind());
                  } finally {
                    rig.images.faults().clear();
                  }
                }
              }, Duration.ofSeconds(5))) {

        RegisterResult first = a.register(request());

        assertThat(first.decision()).as("instance A").isEqualTo(RegisterDecision.REGISTERED);
        assertThat(outcomes).as("instance B").allSatisfy(outcome -> assertThat(outcome)
            .isIn(RegisterDecision.REGISTERED, RegisterDecision.REGISTRATION_IN_PROGRESS,
                ProviderException.Kind.UNAVAILABLE));
        List<String> orphans = rig.orphans();
        ORPHANS.addAndGet(orphans.size());
        assertThat(orphans).as("orphans").isEmpty();
        boolean kept = rig.holdingsOf(ALICE_ID) == 3;
        if (!kept) {
          LOST.incrementAndGet();
        }
        assertThat(rig.holdingsOf(ALICE_ID)).as("alice's face, image and record").isEqualTo(3);
        RegisterResult again = b.register(request());
        assertThat(again.decision()).isEqualTo(RegisterDecision.REGISTERED);
        assertThat(again.replayed()).isTrue();
        assertThat(again.faceId()).isEqualTo(first.faceId());
        assertThat(rig.verifier.login(req -> req.userId(ALICE_ID).selfie(ALICE.image(3))).decision())
            .isEqualTo(LoginDecision.VERIFIED);
        CELLS.incrementAndGet();
      }
    }
  }

  /** A verifier on the rig's shared fakes whose every port call first reports its number. */
  private static IdentityVerifier instance(Rig rig, ExecutionMode mode, IntConsumer onCall, Duration wait) {
    AtomicInteger count = new AtomicInteger();
    return IdentityVerifier.builder()
        .faceDetector(tap(FaceDetector.class, rig.detector, count, onCall))
        .faceComparer(tap(FaceComparer.class, rig.comparer, count, onCall))
        .faceIndex(tap(FaceIndex.class, rig.index, count, onCall))
        .imageStore(tap(ImageStore.class, rig.images, count, onCall))
        .faceRecordStore(tap(FaceRecordStore.class, rig.records, count, onCall))
        .policy(rig.verifier.policy())
        .clock(Rig.CLOCK)
        .execution(mode)
        .registrationWait(wait)
        .build();
  }

  private static <T> T tap(Class<T> port, T delegate, AtomicInteger count, IntConsumer onCall) {
    Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
      if (method.getDeclaringClass() != Object.class) {
        synchronized (count) {
          onCall.accept(count.incrementAndGet());
        }
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    return port.cast(proxy);
  }

  @AfterAll
  static void printSize() {
    System.out.printf("Cross-instance matrix: %d cells, %d orphans, %d lost registrations%n",
        CELLS.get(), ORPHANS.get(), LOST.get());
    assertThat(ORPHANS.get()).isZero();
    assertThat(LOST.get()).isZero();
  }

}
