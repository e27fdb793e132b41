package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.LoginResult;
import io.github.idvkit.ProviderException;
import io.github.idvkit.Reconciler;
import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.testkit.Call;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.Faults;
import io.github.idvkit.testkit.ScriptableFake;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fault matrix (issue 7, item 1, in-memory half): for {@code register}, {@code login}, {@code
 * identify} and {@code forget}, every port call the flow makes times every fault kind, in both
 * execution modes. In each cell the caller gets the flow's right outcome or a typed {@link
 * ProviderException} of the injected kind, {@code retryable()}; afterwards no face, image or record
 * is out of step with the others, a retry once the fault is gone gets the right outcome, and the
 * other user's registration is untouched. Prints {@code "N cells, 0 orphans"} and fails on any orphan.
 *
 * <p>The calls are not listed by hand: each flow is run once without faults and the calls the fakes
 * recorded are the matrix's rows, so a new provider call in a flow gets its cells without anyone
 * editing this test. In concurrent mode {@code login} and {@code identify} also start face
 * detection speculatively, in case the search does not report the probe's faces; that call is a
 * row too, where a failure may be ignored because its result is not used.
 *
 * <p>{@code forget} cannot undo a deletion: a failed forget may leave records whose face is already
 * erased until the caller calls forget again, as its failure says. Those cells count their orphans
 * after that retry, and the summary says how many needed it.
 *
 * <p><b>Crash between two steps.</b> A fault the verifier sees is not a crash: it compensates. A
 * crash of the process is simulated here by killing every port at the crash point, so nothing the
 * flow or its compensation would do afterwards reaches a provider. What a crash leaves behind cannot
 * be repaired in-process: after the restart each crash cell runs the {@link Reconciler}, asserts that
 * its scan finds exactly when something is out of step and that its repair leaves no orphan, and
 * then that nothing is stuck: alice registers (or her registration replays), logs in, and, after a
 * crashed forget, is erased by forget. A register crash never leaves a record without its face and
 * image. The summary prints the crash cells and what the crashes left before the repair.
 */
class FaultMatrixTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final TestSubject BOB = TestFaces.subject("bob");
  private static final TestSubject MALLORY = TestFaces.subject("mallory");
  private static final UserId ALICE_ID = UserId.of("alice");
  private static final UserId BOB_ID = UserId.of("bob");

  /** The fault kinds of every cell; all are retryable, as a provider's would be. */
  private static final Map<String, Fault> FAULTS = faults();

  private static final Map<Scenario, AtomicInteger> CELLS = new EnumMap<>(Scenario.class);
  private static final AtomicInteger ORPHANS = new AtomicInteger();
  private static final AtomicInteger HEALED_BY_RETRY = new AtomicInteger();
  private static final AtomicInteger CRASH_CELLS = new AtomicInteger();
  private static final Map<String, Integer> CRASH_LEFTOVERS = new ConcurrentHashMap<>();
  private static final Map<String, Integer> RETRY_AFTER_CRASH = new ConcurrentHashMap<>();
  private static final AtomicInteger ORPHANS_AFTER_RECONCILE = new AtomicInteger();

  private static Map<String, Fault> faults() {
    Map<String, Fault> faults = new LinkedHashMap<>();
    faults.put("throttled", Fault.throttled());
    faults.put("timeout", Fault.timeout());
    faults.put("server error", Fault.serverError());
    faults.put("timeout after side effect", Fault.afterSideEffect(Fault.timeout()));
    faults.put("server error after side effect", Fault.afterSideEffect(Fault.serverError()));
    return Collections.unmodifiableMap(faults);
  }

  /** A flow, the state it runs on and the outcome it has without faults. */
  private enum Scenario {
    REGISTER("REGISTERED") {
      @Override
      Object when(Rig rig) {
        return rig.verifier.register(req -> req.userId(ALICE_ID).selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));
      }

      @Override
      void given(Rig rig) {
        registerBob(rig);
      }

      @Override
      void assertRetried(Rig rig, Object retried) {
        assertThat(outcome(retried)).isEqualTo("REGISTERED");
        assertThat(rig.holdingsOf(ALICE_ID)).as("alice's face, image and record").isEqualTo(3);
      }
    },
    REGISTER_ADD_FACE("REGISTERED") {
      @Override
      Object when(Rig rig) {
        return rig.verifier.register(req -> req.userId(ALICE_ID).selfie(ALICE.image(2)).addFace(true));
      }

      @Override
      void assertRetried(Rig rig, Object retried) {
        assertThat(outcome(retried)).isEqualTo("REGISTERED");
        assertThat(rig.holdingsOf(ALICE_ID)).as("alice's two faces, images and records").isEqualTo(6);
      }
    },
    LOGIN("VERIFIED") {
      @Override
      Object when(Rig rig) {
        return rig.verifier.login(req -> req.userId(ALICE_ID).selfie(ALICE.image(3)));
      }
    },
    LOGIN_AS_IMPOSTOR("NOT_MATCHED") {
      @Override
      Object when(Rig rig) {
        return rig.verifier.login(req -> req.userId(ALICE_ID).selfie(MALLORY.image(1)));
      }
    },
    IDENTIFY("IDENTIFIED alice") {
      @Override
      Object when(Rig rig) {
        return rig.verifier.identify(req -> req.selfie(ALICE.image(4)));
      }
    },
    IDENTIFY_STRANGER("NOT_RECOGNIZED") {
      @Override
      Object when(Rig rig) {
        return rig.verifier.identify(req -> req.selfie(MALLORY.image(1)));
      }
    },
    FORGET("FORGOTTEN faces=1 images=1 records=1") {
      @Override
      Object when(Rig rig) {
        return rig.verifier.forget(ALICE_ID);
      }

      @Override
      void assertRetried(Rig rig, Object retried) {
        assertThat(retried).isInstanceOf(ForgetResult.class);
        assertThat(rig.holdingsOf(ALICE_ID)).as("alice's faces, images and records").isZero();
      }
    };

    final String expected;

    Scenario(String expected) {
      this.expected = expected;
    }

    abstract Object when(Rig rig);

    /** Bob is registered; for every flow but register, alice is too. */
    void given(Rig rig) {
      registerBob(rig);
      assertThat(rig.verifier.register(req -> req.userId(ALICE_ID).selfie(ALICE.image(1))).registered()).isTrue();
    }

    /** Checks the outcome of running the flow again once the fault is gone. */
    void assertRetried(Rig rig, Object retried) {
      assertThat(outcome(retried)).isEqualTo(expected);
    }

    String flow() {
      return name().split("_")[0].toLowerCase(Locale.ROOT);
    }
  }

  /** The {@code occurrence}-th call of {@code operation} on {@code port} during one flow. */
  private record PortCall(String port, String operation, int occurrence, boolean speculative) {

    /** Scripts {@code fault} for exactly this call: the earlier calls of the operation get a no-op. */
    void inject(Rig rig, Fault fault) {
      Fault[] script = new Fault[occurrence];
      Arrays.fill(script, Fault.latency(Duration.ZERO));
      script[occurrence - 1] = fault;
      faults(rig).failNext(operation, script);
    }

    Faults faults(Rig rig) {
      return rig.ports().get(port).faults();
    }

    @Override
    public String toString() {
      return port + "." + operation + "#" + occurrence + (speculative ? " (speculative)" : "");
    }
  }

  /** Rows of the matrix, recorded once per scenario from a run without faults. */
  private static final Map<String, List<PortCall>> ROWS = new HashMap<>();

  private static synchronized List<PortCall> rows(Scenario scenario, ExecutionMode mode) {
    return rows(scenario, mode, false);
  }

  private static synchronized List<PortCall> rows(Scenario scenario, ExecutionMode mode, boolean userLevel) {
    List<PortCall> sequential =
        ROWS.computeIfAbsent(scenario + "/" + userLevel, key -> record(scenario, userLevel));
    boolean speculativeDetection =
        mode == ExecutionMode.CONCURRENT
            && (scenario.flow().equals("login") || scenario.flow().equals("identify"))
            && sequential.stream().noneMatch(call -> call.operation().equals("detect"));
    if (!speculativeDetection) {
      return sequential;
    }
    List<PortCall> rows = new ArrayList<>(sequential);
    rows.add(new PortCall("detector", "detect", 1, true));
    return rows;
  }

  private static List<PortCall> record(Scenario scenario, boolean userLevel) {
    try (Rig rig = rig(ExecutionMode.SEQUENTIAL, userLevel)) {
      scenario.given(rig);
      Map<String, Integer> before = new HashMap<>();
      rig.ports().forEach((name, port) -> before.put(name, port.calls().size()));

      assertThat(outcome(scenario.when(rig))).as("%s without faults", scenario).isEqualTo(scenario.expected);

      List<PortCall> rows = new ArrayList<>();
      for (Map.Entry<String, ScriptableFake> port : rig.ports().entrySet()) {
        List<Call> calls = port.getValue().calls();
        Map<String, Integer> seen = new HashMap<>();
        for (Call call : calls.subList(before.get(port.getKey()), calls.size())) {
          int occurrence = seen.merge(call.operation(), 1, Integer::sum);
          // The index's preparation is an optimisation: association prepares again if it failed.
          rows.add(new PortCall(port.getKey(), call.operation(), occurrence, call.operation().equals("prepare")));
        }
      }
      return List.copyOf(rows);
    }
  }

  // ---------------------------------------------------------------- the matrix

  @TestFactory
  Stream<DynamicTest> flows_faultAtAnyPortCall_giveRightOutcomeOrRetryableErrorAndNoOrphan() {
    List<DynamicTest> cells = new ArrayList<>();
    for (Scenario scenario : Scenario.values()) {
      for (ExecutionMode mode : ExecutionMode.values()) {
        if (scenario == Scenario.REGISTER_ADD_FACE && mode == ExecutionMode.CONCURRENT) {
          // Alice's committed marker makes the claim's speculative records read (started beside
          // the intent write) run or not by chance, so the rows of a sequential run do not name
          // the concurrent calls; RegisterFlowTest covers adding a face in both modes.
          continue;
        }
        for (PortCall call : rows(scenario, mode)) {
          for (Map.Entry<String, Fault> fault : FAULTS.entrySet()) {
            cells.add(dynamicTest(
                scenario + " " + mode + " " + call + " " + fault.getKey(),
                () -> cell(scenario, mode, call, fault.getValue(), 0, false)));
            if (scenario == Scenario.REGISTER) {
              // The same cell on an index whose writes show only after two reads.
              cells.add(dynamicTest(
                  scenario + " " + mode + " lagging index " + call + " " + fault.getKey(),
                  () -> cell(scenario, mode, call, fault.getValue(), 2, false)));
            }
          }
        }
        // Register on an index with users apart from faces (Rekognition's Users API).
        for (PortCall call : scenario == Scenario.REGISTER ? rows(scenario, mode, true) : List.<PortCall>of()) {
          for (Map.Entry<String, Fault> fault : FAULTS.entrySet()) {
            cells.add(dynamicTest(
                scenario + " " + mode + " user-level index " + call + " " + fault.getKey(),
                () -> cell(scenario, mode, call, fault.getValue(), 0, true)));
          }
        }
      }
    }
    return cells.stream();
  }

  private static Rig rig(ExecutionMode mode, boolean userLevel) {
    return userLevel ? Rig.withUserLevelSearch(mode, Rig.withIdentification()) : new Rig(mode, Rig.withIdentification());
  }

  private static void cell(Scenario scenario, ExecutionMode mode, PortCall call, Fault fault, int lag, boolean userLevel) {
    try (Rig rig = rig(mode, userLevel)) {
      scenario.given(rig);
      rig.index.faults().lag(lag);
      call.inject(rig, fault);

      Object result = null;
      RuntimeException thrown = null;
      try {
        result = scenario.when(rig);
      } catch (RuntimeException e) {
        thrown = e;
      }

      boolean triggered = call.faults(rig).exhausted();
      rig.ports().values().forEach(port -> port.faults().clear());
      if (thrown != null) {
        assertThat(thrown)
            .as("what the caller gets")
            .isInstanceOfSatisfying(ProviderException.class, e -> {
              assertThat(e.kind()).isEqualTo(kindOf(fault));
              assertThat(e.retryable()).isTrue();
            });
      } else {
        assertThat(outcome(result)).as("the outcome despite the fault").isEqualTo(scenario.expected);
        // A commit whose reply was lost is read back: finding it landed, the flow rightly succeeds.
        boolean verifiedCommit = call.operation().equals("replaceIntent") && fault.afterSideEffect();
        assertThat(triggered && !call.speculative() && !verifiedCommit)
            .as("a failed %s was swallowed: the flow returned as if it had succeeded", call)
            .isFalse();
      }
      // A forget that failed part-way, or a registration whose undo could not release its intent,
      // leaves what the retry finishes: a journal, never an unreachable face, image or record.
      boolean healedByRetry =
          thrown != null
              && !rig.orphans().isEmpty()
              && (scenario == Scenario.FORGET || rig.orphans().stream().allMatch(o -> o.startsWith("pending intent") || o.startsWith("unfinished commit")));
      if (!healedByRetry) {
        countOrphans(rig);
      }

      scenario.assertRetried(rig, scenario.when(rig));

      if (healedByRetry) {
        HEALED_BY_RETRY.incrementAndGet();
      }
      countOrphans(rig);
      assertThat(rig.holdingsOf(BOB_ID)).as("bob's face, image and record").isEqualTo(3);
      CELLS.computeIfAbsent(scenario, s -> new AtomicInteger()).incrementAndGet();
    }
  }

  private static void countOrphans(Rig rig) {
    List<String> orphans = rig.orphans();
    ORPHANS.addAndGet(orphans.size());
    assertThat(orphans).as("orphans").isEmpty();
  }

  private static ProviderException.Kind kindOf(Fault fault) {
    String text = fault.toString();
    if (text.contains("throttled")) {
      return ProviderException.Kind.THROTTLED;
    }
    return text.contains("timeout") ? ProviderException.Kind.TIMEOUT : ProviderException.Kind.UNAVAILABLE;
  }

  // ---------------------------------------------------------------- crash between two steps

  /** The process died (simulated): thrown by the call that crashes and by every call after it. */
  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("the process stopped here (simulated crash)");
    }
  }

  @TestFactory
  Stream<DynamicTest> writingFlows_crashAfterAnyPortCall_reconcilerRepairsLeftoversAndNothingIsStuck() {
    List<DynamicTest> cells = new ArrayList<>();
    for (Scenario scenario : List.of(Scenario.REGISTER, Scenario.FORGET)) {
      for (ExecutionMode mode : ExecutionMode.values()) {
        for (PortCall call : rows(scenario, mode)) {
          cells.add(dynamicTest(scenario + " " + mode + " crash after " + call, () -> crash(scenario, mode, call, false)));
        }
        for (PortCall call : scenario == Scenario.REGISTER ? rows(scenario, mode, true) : List.<PortCall>of()) {
          cells.add(dynamicTest(scenario + " " + mode + " user-level index crash after " + call,
              () -> crash(scenario, mode, call, true)));
        }
      }
    }
    return cells.stream();
  }

  private static void crash(Scenario scenario, ExecutionMode mode, PortCall call, boolean userLevel) {
    try (Rig rig = rig(mode, userLevel)) {
      scenario.given(rig);
      Fault dead = Fault.exception(Crash::new);
      call.inject(rig, Fault.afterSideEffect(Fault.exception(() -> {
        rig.ports().values().forEach(port -> port.faults().failAlways(dead));
        return new Crash();
      })));

      try {
        scenario.when(rig);
      } catch (RuntimeException expected) {
        // The caller never hears back from a crashed process.
      }

      rig.ports().values().forEach(port -> port.faults().clear()); // the process restarts
      List<String> leftovers = rig.orphans();
      assertReachableByUserListings(rig);
      CRASH_CELLS.incrementAndGet();
      String key = scenario + " crash after " + call.port() + "." + call.operation();
      if (!leftovers.isEmpty()) {
        CRASH_LEFTOVERS.merge(key + ": " + summarise(leftovers), 1, Integer::sum);
      }
      if (scenario == Scenario.REGISTER) {
        assertThat(leftovers)
            .as("register writes the record last, so a crash never leaves a record without its face or image")
            .noneMatch(orphan -> orphan.startsWith("record"));
      }

      Reconciler reconciler = Reconciler.create(rig.index, rig.images, rig.records);
      ReconciliationReport found = reconciler.scan();
      assertThat(found.clean()).as("the scan finds what the crash left: %s", leftovers).isEqualTo(leftovers.isEmpty());
      assertThat(found.repaired()).isFalse();
      assertThat(rig.orphans()).as("a scan changes nothing").isEqualTo(leftovers);
      ReconciliationReport repaired = reconciler.repair();
      assertThat(repaired.orphanCount()).isEqualTo(found.orphanCount());
      List<String> afterRepair = rig.orphans();
      ORPHANS_AFTER_RECONCILE.addAndGet(afterRepair.size());
      assertThat(afterRepair).as("orphans after the reconciler's repair").isEmpty();
      assertThat(reconciler.scan().clean()).as("a scan after the repair").isTrue();
      assertThat(rig.holdingsOf(BOB_ID)).as("bob's face, image and record after the repair").isEqualTo(3);

      // Nothing is stuck: alice can register (or her registration replays) and log in.
      RegisterResult registered = rig.verifier.register(req -> req.userId(ALICE_ID).selfie(ALICE.image(1)));
      RETRY_AFTER_CRASH.merge(key + " -> reconcile, register " + outcome(registered), 1, Integer::sum);
      assertThat(outcome(registered)).as("register after the crash and the repair").isEqualTo("REGISTERED");
      assertThat(rig.holdingsOf(ALICE_ID)).as("alice's face, image and record").isEqualTo(3);
      assertThat(outcome(rig.verifier.login(req -> req.userId(ALICE_ID).selfie(ALICE.image(3)))))
          .as("login after the crash and the repair").isEqualTo("VERIFIED");
      if (scenario == Scenario.FORGET) {
        assertThat(rig.verifier.forget(ALICE_ID).anythingDeleted()).isTrue();
        assertThat(rig.holdingsOf(ALICE_ID)).as("alice's holdings after forget").isZero();
      }
      assertThat(rig.orphans()).as("orphans at the end of the cell").isEmpty();
      assertThat(rig.holdingsOf(BOB_ID)).as("bob's face, image and record").isEqualTo(3);
    }
  }

  /** Every face, image and record is found by listing its user: what a reconciler scans. */
  private static void assertReachableByUserListings(Rig rig) {
    Set<UserId> users =
        rig.index.faces().stream().map(IndexedFace::userId).collect(Collectors.toSet());
    rig.records.records().forEach(record -> users.add(record.userId()));
    Set<StoredImage> listedImages = users.stream().flatMap(user -> rig.images.list(user).stream()).collect(Collectors.toSet());
    assertThat(listedImages).as("stored images, listed by user").containsExactlyInAnyOrderElementsOf(rig.images.images());
    for (UserId user : users) {
      assertThat(rig.index.listFaces(user)).as("faces listed for " + user)
          .containsExactlyInAnyOrderElementsOf(rig.index.faces().stream().filter(f -> f.userId().equals(user)).toList());
      assertThat(rig.records.findByUser(user)).as("records listed for " + user)
          .containsExactlyInAnyOrderElementsOf(rig.records.records().stream().filter(r -> r.userId().equals(user)).toList());
    }
  }

  private static String summarise(List<String> leftovers) {
    return leftovers.stream()
        .map(orphan -> orphan.startsWith("face") ? "face without record"
            : orphan.startsWith("image") ? "image without record"
            : orphan.contains("to face") ? "record without face" : "record without image")
        .sorted()
        .collect(Collectors.joining(", "));
  }

  // ---------------------------------------------------------------- helpers

  private static void registerBob(Rig rig) {
    assertThat(rig.verifier.register(req -> req.userId(BOB_ID).selfie(BOB.image(1))).registered()).isTrue();
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
      return r.decision().name() + r.userId().map(user -> " " + user.value()).orElse("");
    }
    if (result instanceof ForgetResult r) {
      return (r.anythingDeleted() ? "FORGOTTEN" : "NOTHING_TO_FORGET") + " faces=" + r.deletedFaces().size()
          + " images=" + r.deletedImages() + " records=" + r.deletedRecords();
    }
    throw new IllegalArgumentException("Not a flow result: " + result);
  }

  @AfterAll
  static void printSize() {
    int cells = CELLS.values().stream().mapToInt(AtomicInteger::get).sum();
    if (cells == 0 && CRASH_CELLS.get() == 0) {
      return;
    }
    Map<String, Integer> perFlow = new TreeMap<>();
    CELLS.forEach((scenario, count) -> perFlow.merge(scenario.flow(), count.get(), Integer::sum));
    System.out.printf("Fault matrix: %d cells, %d orphans %s; %d cells (forget part-way, or a registration journal) left"
            + " what the retry then finished%n", cells, ORPHANS.get(), perFlow, HEALED_BY_RETRY.get());
    System.out.printf("Crash cells: %d cells, %d orphans after reconcile; %d crashes left orphans, all found and"
            + " repaired by the reconciler:%n", CRASH_CELLS.get(), ORPHANS_AFTER_RECONCILE.get(),
        CRASH_LEFTOVERS.values().stream().mapToInt(Integer::intValue).sum());
    new TreeMap<>(CRASH_LEFTOVERS).forEach((what, count) -> System.out.printf("  %d x %s%n", count, what));
    new TreeMap<>(RETRY_AFTER_CRASH).forEach((what, count) -> System.out.printf("  %d x %s%n", count, what));
    assertThat(ORPHANS.get()).as("orphans in the fault matrix").isZero();
    assertThat(ORPHANS_AFTER_RECONCILE.get()).as("orphans after reconciling crash cells").isZero();
  }
}
