package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ProviderException;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Scripted faults, lag and call recording, on every fake. */
class FaultsTest {

  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final FaceImage ALICE_1 = TestFaces.subject("alice").image(1);
  private static final FaceImage ALICE_2 = TestFaces.subject("alice").image(2);
  private static final FaceId FACE = FaceId.of("face-1");

  /** One operation of one fake, and how to call it. */
  record Operation(String name, ScriptableFake fake, String operation, Function<ScriptableFake, Object> call) {
    Object invoke() {
      return call.apply(fake);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Operation> everyPort() {
    return Stream.of(
        new Operation("detect", FakeFaceDetector.create(), "detect",
            f -> ((FakeFaceDetector) f).detect(ALICE_1)),
        new Operation("compare", FakeFaceComparer.create(), "compare",
            f -> ((FakeFaceComparer) f).compare(ALICE_1, ALICE_2)),
        new Operation("index", InMemoryFaceIndex.create(), "index",
            f -> ((InMemoryFaceIndex) f).index(ALICE, ALICE_1)),
        new Operation("search", InMemoryFaceIndex.create(), "search",
            f -> ((InMemoryFaceIndex) f).search(ALICE_1, 5)),
        new Operation("put", InMemoryImageStore.create(), "put",
            f -> ((InMemoryImageStore) f).put(ALICE, FACE, ALICE_1)),
        new Operation("list", InMemoryImageStore.create(), "list",
            f -> ((InMemoryImageStore) f).list(ALICE)),
        new Operation("create", InMemoryFaceRecordStore.create(), "create",
            f -> ((InMemoryFaceRecordStore) f).create(record(FACE))),
        new Operation("findByUser", InMemoryFaceRecordStore.create(), "findByUser",
            f -> ((InMemoryFaceRecordStore) f).findByUser(ALICE)));
  }

  static FaceRecord record(FaceId face) {
    return FaceRecord.builder()
        .userId(ALICE)
        .faceId(face)
        .image(StoredImage.of("memory://images/x.jpg"))
        .provider("in-memory")
        .collectionId("idv-test")
        .confidence(0.99)
        .requestId("r1")
        .createdAt(Instant.parse("2026-11-27T10:00:00Z"))
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPort")
  void failNext_throttled_throwsRetryableThrottledProviderExceptionOnce(Operation op) {
    op.fake().faults().failNext(op.operation(), Fault.throttled());

    assertThatThrownBy(op::invoke)
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.THROTTLED);
          assertThat(e.retryable()).isTrue();
          assertThat(e.provider()).isEqualTo(FakeFaceDetector.PROVIDER);
          assertThat(e.operation()).isEqualTo(op.operation());
          assertThat(e.requestId()).isPresent();
        });
    op.invoke();
    assertThat(op.fake().faults().exhausted()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPort")
  void failNext_eachKind_throwsMatchingException(Operation op) {
    op.fake().faults().failNext(
        Fault.timeout(), Fault.serverError(), Fault.rejected(), Fault.conflict(), Fault.accessDenied());

    assertThatThrownBy(op::invoke).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
    assertThatThrownBy(op::invoke).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
    assertThatThrownBy(op::invoke).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.retryable()).isFalse());
    assertThatThrownBy(op::invoke).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONFLICT));
    assertThatThrownBy(op::invoke).isInstanceOf(ConfigurationException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPort")
  void failAlways_untilCleared_failsEveryCall(Operation op) {
    op.fake().faults().failAlways(Fault.serverError());

    assertThatThrownBy(op::invoke).isInstanceOf(ProviderException.class);
    assertThatThrownBy(op::invoke).isInstanceOf(ProviderException.class);
    op.fake().faults().clear();
    op.invoke();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPort")
  void calls_afterFailedAndSucceededCalls_recordsBothInOrder(Operation op) {
    op.fake().faults().failNext(Fault.timeout());
    assertThatThrownBy(op::invoke).isInstanceOf(ProviderException.class);
    op.invoke();

    assertThat(op.fake().calls()).extracting(Call::operation).containsExactly(op.operation(), op.operation());
    assertThat(op.fake().calls(op.operation())).hasSize(2);
    assertThat(op.fake().takeCall().operation()).isEqualTo(op.operation());
    assertThat(op.fake().takeCall().operation()).isEqualTo(op.operation());
    assertThatThrownBy(() -> op.fake().takeCall()).isInstanceOf(NoSuchElementException.class);
    assertThat(op.fake().calls()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPort")
  void failNext_unknownOperation_isRefusedNamingTheOperations(Operation op) {
    assertThatThrownBy(() -> op.fake().faults().failNext("nonsense", Fault.throttled()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(op.operation());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPort")
  void failNext_latency_delaysThenSucceeds(Operation op) {
    op.fake().faults().failNext(Fault.latency(Duration.ofMillis(60)));

    long start = System.nanoTime();
    op.invoke();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void failNext_forOneOperation_leavesOtherOperationsAlone() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.faults().failNext("search", Fault.throttled());

    index.index(ALICE, ALICE_1);
    index.listFaces(ALICE);

    assertThatThrownBy(() -> index.search(ALICE_2, 5)).isInstanceOf(ProviderException.class);
  }

  @Test
  void failNext_awsOperationName_scriptsTheFakeOperationItStandsFor() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.createCollection();
    index.faults().failNext("IndexFaces", Fault.throttled()).failNext("SearchFacesByImage", Fault.serverError());
    InMemoryImageStore images = InMemoryImageStore.create();
    images.faults().failNext("ListObjectsV2", Fault.throttled());

    assertThatThrownBy(() -> index.index(ALICE, ALICE_1)).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.operation()).isEqualTo("index"));
    assertThatThrownBy(() -> index.search(ALICE_2, 5)).isInstanceOf(ProviderException.class);
    assertThatThrownBy(() -> images.list(ALICE)).isInstanceOf(ProviderException.class);
    assertThat(index.faults().aliases())
        .containsEntry("IndexFaces", "index")
        .containsEntry("SearchUsersByImage", "search")
        .doesNotContainKey("PutObject");
    assertThatThrownBy(() -> images.faults().failNext("IndexFaces", Fault.throttled()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("or their AWS names [DeleteObject, GetObject, ListObjectsV2, PutObject]");
  }

  @Test
  void failNext_operationFaultAndAnyFault_usesOperationFaultFirst() {
    InMemoryImageStore store = InMemoryImageStore.create();
    store.faults().failNext(Fault.serverError()).failNext("list", Fault.throttled());

    assertThatThrownBy(() -> store.list(ALICE)).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.THROTTLED));
    assertThatThrownBy(() -> store.list(ALICE)).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
  }

  @Test
  void afterSideEffect_latencyFault_isRefused() {
    assertThatThrownBy(() -> Fault.afterSideEffect(Fault.latency(Duration.ofMillis(1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failNext_exceptionFault_throwsSuppliedException() {
    FakeFaceDetector detector = FakeFaceDetector.create();
    detector.faults().failNext(Fault.exception(() -> new IllegalStateException("bug")));

    assertThatThrownBy(() -> detector.detect(ALICE_1)).isInstanceOf(IllegalStateException.class).hasMessage("bug");
  }

  // ------------------------------------------------------------ side effects

  @Test
  void failNext_beforeSideEffect_indexesNothing() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.faults().failNext("index", Fault.timeout());

    assertThatThrownBy(() -> index.index(ALICE, ALICE_1)).isInstanceOf(ProviderException.class);

    assertThat(index.faces()).isEmpty();
  }

  @Test
  void afterSideEffect_index_indexesFaceThenThrows() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.faults().failNext("index", Fault.afterSideEffect(Fault.timeout()));

    assertThatThrownBy(() -> index.index(ALICE, ALICE_1)).isInstanceOf(ProviderException.class);

    assertThat(index.faces()).hasSize(1);
    assertThat(index.listFaces(ALICE)).hasSize(1);
  }

  @Test
  void afterSideEffect_deleteFaces_deletesThenThrows() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    FaceId face = index.index(ALICE, ALICE_1).indexed().orElseThrow().faceId();
    index.faults().failNext("deleteFaces", Fault.afterSideEffect(Fault.serverError()));

    assertThatThrownBy(() -> index.deleteFaces(ALICE, List.of(face))).isInstanceOf(ProviderException.class);

    assertThat(index.faces()).isEmpty();
  }

  @Test
  void afterSideEffect_put_storesImageThenThrows() {
    InMemoryImageStore store = InMemoryImageStore.create();
    store.faults().failNext("put", Fault.afterSideEffect(Fault.throttled()));

    assertThatThrownBy(() -> store.put(ALICE, FACE, ALICE_1)).isInstanceOf(ProviderException.class);

    assertThat(store.images()).hasSize(1);
    assertThat(store.list(ALICE)).hasSize(1);
  }

  @Test
  void failNext_beforeSideEffect_storesNoImage() {
    InMemoryImageStore store = InMemoryImageStore.create();
    store.faults().failNext("put", Fault.throttled());

    assertThatThrownBy(() -> store.put(ALICE, FACE, ALICE_1)).isInstanceOf(ProviderException.class);

    assertThat(store.images()).isEmpty();
  }

  @Test
  void afterSideEffect_create_writesRecordThenThrows() {
    InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
    records.faults().failNext("create", Fault.afterSideEffect(Fault.timeout()));

    assertThatThrownBy(() -> records.create(record(FACE))).isInstanceOf(ProviderException.class);

    assertThat(records.records()).hasSize(1);
    assertThat(records.create(record(FACE))).isFalse();
  }

  // ------------------------------------------------------------ lag

  @Test
  void lag_index_faceInvisibleForNextReadsThenVisible() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.faults().lag(2);
    FaceId face = index.index(ALICE, ALICE_1).indexed().orElseThrow().faceId();

    assertThat(index.listFaces(ALICE)).isEmpty();
    assertThat(index.search(ALICE_2, 5).matches()).isEmpty();
    assertThat(index.listFaces(ALICE)).extracting(f -> f.faceId()).containsExactly(face);
  }

  @Test
  void lag_indexSameImageAgain_storesAnotherFaceAsRekognitionDoes() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.faults().lag(5);

    FaceId first = index.index(ALICE, ALICE_1).indexed().orElseThrow().faceId();
    FaceId second = index.index(ALICE, ALICE_1).indexed().orElseThrow().faceId();

    assertThat(second).isNotEqualTo(first);
    assertThat(index.faces()).hasSize(2);
  }

  @Test
  void lag_deleteFaces_faceStaysVisibleForNextReads() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    FaceId face = index.index(ALICE, ALICE_1).indexed().orElseThrow().faceId();
    index.faults().lag(1);

    assertThat(index.deleteFaces(ALICE, List.of(face))).containsExactly(face);

    assertThat(index.listFaces(ALICE)).hasSize(1);
    assertThat(index.listFaces(ALICE)).isEmpty();
    assertThat(index.deleteFaces(ALICE, List.of(face))).isEmpty();
  }

  @Test
  void lag_put_imageInvisibleForNextReadsThenVisible() {
    InMemoryImageStore store = InMemoryImageStore.create();
    store.faults().lag(1);
    StoredImage reference = store.put(ALICE, FACE, ALICE_1);

    assertThat(store.get(reference)).isEmpty();
    assertThat(store.get(reference)).contains(ALICE_1);
  }

  @Test
  void lag_replacingPut_oldImageVisibleUntilLagPasses() {
    InMemoryImageStore store = InMemoryImageStore.create();
    StoredImage reference = store.put(ALICE, FACE, ALICE_1);
    store.faults().lag(1);

    store.put(ALICE, FACE, ALICE_2);

    assertThat(store.get(reference)).contains(ALICE_1);
    assertThat(store.get(reference)).contains(ALICE_2);
  }

  @Test
  void lag_create_recordInvisibleButConditionalCreateSeesIt() {
    InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
    records.faults().lag(2);

    assertThat(records.create(record(FACE))).isTrue();
    assertThat(records.create(record(FACE))).isFalse();

    assertThat(records.findByUser(ALICE)).isEmpty();
    assertThat(records.findByFace(FACE)).isEmpty();
    assertThat(records.findByUser(ALICE)).hasSize(1);
  }

  @Test
  void lag_backToZero_makesNewWritesVisibleAtOnce() {
    InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
    records.faults().lag(3).lag(0);

    records.create(record(FACE));

    assertThat(records.findByFace(FACE)).isPresent();
  }

  @Test
  void lag_negative_isRefused() {
    assertThatThrownBy(() -> InMemoryFaceRecordStore.create().faults().lag(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------ concurrency and recording

  @Test
  void failNext_threeFaultsUnderConcurrentCalls_failsExactlyThreeCalls() throws Exception {
    FakeFaceDetector detector = FakeFaceDetector.create();
    detector.faults().failNext(Fault.throttled(), Fault.throttled(), Fault.throttled());
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures =
          Stream.generate(() -> pool.submit(() -> {
            try {
              detector.detect(ALICE_1);
            } catch (ProviderException e) {
              failures.incrementAndGet();
            }
          })).limit(16).<Future<?>>map(f -> f).toList();
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(failures).hasValue(3);
    assertThat(detector.calls()).hasSize(16);
  }

  @Test
  void calls_deleteFaces_recordsArgumentsAsCopies() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    List<FaceId> ids = new java.util.ArrayList<>(List.of(FACE));

    index.deleteFaces(ALICE, ids);
    ids.clear();

    Call call = index.takeCall();
    assertThat(call.operation()).isEqualTo("deleteFaces");
    assertThat(call.argument(UserId.class)).isEqualTo(ALICE);
    assertThat(call.arguments().get(1)).isEqualTo(List.of(FACE));
    assertThat(call.toString()).doesNotContain("alice@example.com");
  }

  @Test
  void operations_ofIndex_listsItsMethods() {
    assertThat(InMemoryFaceIndex.create().faults().operations())
        .containsExactly(
            "associate", "createCollection", "deleteCollection", "deleteFaces", "describeCollection",
            "index", "listFaces", "prepare", "release", "search", "searchFaces");
  }
}
