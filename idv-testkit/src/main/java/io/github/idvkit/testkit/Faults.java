package io.github.idvkit.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The failure script of one fake, MockWebServer style: which of its next calls fail and how, and
 * how long its writes stay invisible to reads. Every fake of this module has one, through {@link
 * ScriptableFake#faults()}.
 *
 * <pre>{@code
 * InMemoryFaceIndex index = InMemoryFaceIndex.create();
 * index.faults()
 *     .failNext("search", Fault.throttled(), Fault.throttled()) // the next two searches
 *     .failNext("index", Fault.afterSideEffect(Fault.timeout()))
 *     .lag(2);                                                 // writes show after 2 reads
 * }</pre>
 *
 * <p>Operations are named after the port's methods ({@code "index"}, {@code "search"}, {@code
 * "put"}, ...); {@link #operations()} lists them and an unknown name is refused. The AWS
 * operation that idv-aws calls for a method is accepted too, as an alias of it ({@link
 * #aliases()}), so a script can say {@code failNext("IndexFaces", ...)}:
 *
 * <table>
 *   <caption>AWS operation names and the fake operations they stand for</caption>
 *   <tr><th>port</th><th>AWS operation</th><th>fake operation</th></tr>
 *   <tr><td>detector</td><td>{@code DetectFaces}</td><td>{@code detect}</td></tr>
 *   <tr><td>comparer</td><td>{@code CompareFaces}</td><td>{@code compare}</td></tr>
 *   <tr><td>face index</td><td>{@code DescribeCollection}, {@code CreateCollection}, {@code
 *       DeleteCollection}, {@code IndexFaces}, {@code SearchFacesByImage} and {@code
 *       SearchUsersByImage}, {@code ListFaces}, {@code DeleteFaces}</td><td>{@code
 *       describeCollection}, {@code createCollection}, {@code deleteCollection}, {@code index},
 *       {@code search}, {@code listFaces}, {@code deleteFaces}</td></tr>
 *   <tr><td>image store</td><td>{@code PutObject}, {@code GetObject}, {@code DeleteObject},
 *       {@code ListObjectsV2}</td><td>{@code put}, {@code get}, {@code delete}, {@code
 *       list}</td></tr>
 *   <tr><td>record store</td><td>{@code PutItem}, {@code Query}, {@code DeleteItem}</td><td>{@code
 *       create}, {@code findByUser}, {@code delete}</td></tr>
 * </table>
 *
 * <p>{@code Query} stands for {@code findByUser}; {@code findByFace} (a {@code Query} of the
 * face-id index on AWS) keeps its own name. A fault scripted for an operation is used before one
 * scripted for any operation. Thread-safe.
 */
public final class Faults {

  /** Per fake, AWS operation name to the fake operation it stands for; see the class comment. */
  private static final Map<String, Map<String, String>> AWS_OPERATIONS = Map.of(
      "FakeFaceDetector", Map.of("DetectFaces", "detect"),
      "FakeFaceComparer", Map.of("CompareFaces", "compare"),
      "InMemoryFaceIndex", Map.of(
          "DescribeCollection", "describeCollection",
          "CreateCollection", "createCollection",
          "DeleteCollection", "deleteCollection",
          "IndexFaces", "index",
          "SearchFacesByImage", "search",
          "SearchUsersByImage", "search",
          "ListFaces", "listFaces",
          "DeleteFaces", "deleteFaces"),
      "InMemoryImageStore", Map.of(
          "PutObject", "put", "GetObject", "get", "DeleteObject", "delete", "ListObjectsV2", "list"),
      "InMemoryFaceRecordStore", Map.of(
          "PutItem", "create", "Query", "findByUser", "DeleteItem", "delete"));

  private final String port;
  private final Set<String> operations;
  private final Deque<Fault> anyNext = new ArrayDeque<>();
  private final Map<String, Deque<Fault>> next = new HashMap<>();
  private final Map<String, Fault> always = new HashMap<>();
  private int lag;
  private boolean lagged;

  Faults(String port, Set<String> operations) {
    this.port = port;
    this.operations = Set.copyOf(operations);
  }

  /**
   * Makes the next calls, of any operation, fail with {@code faults}, one call per fault in order.
   *
   * @param faults the failures
   * @return this script
   */
  public synchronized Faults failNext(Fault... faults) {
    for (Fault fault : faults) {
      anyNext.add(Objects.requireNonNull(fault, "fault"));
    }
    return this;
  }

  /**
   * Makes the next calls of {@code operation} fail with {@code faults}, one call per fault in order.
   *
   * @param operation the operation, one of {@link #operations()}
   * @param faults the failures
   * @return this script
   * @throws IllegalArgumentException if the port has no such operation
   */
  public synchronized Faults failNext(String operation, Fault... faults) {
    Deque<Fault> queue = next.computeIfAbsent(check(operation), op -> new ArrayDeque<>());
    for (Fault fault : faults) {
      queue.add(Objects.requireNonNull(fault, "fault"));
    }
    return this;
  }

  /**
   * Makes every call of {@code operation} fail with {@code fault} until {@link #clear()}.
   *
   * @param operation the operation, one of {@link #operations()}
   * @param fault the failure
   * @return this script
   * @throws IllegalArgumentException if the port has no such operation
   */
  public synchronized Faults failAlways(String operation, Fault fault) {
    always.put(check(operation), Objects.requireNonNull(fault, "fault"));
    return this;
  }

  /**
   * Makes every call of every operation fail with {@code fault} until {@link #clear()}: the
   * provider is down.
   *
   * @param fault the failure
   * @return this script
   */
  public synchronized Faults failAlways(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    for (String operation : operations) {
      always.put(operation, fault);
    }
    return this;
  }

  /**
   * Makes writes from now on (puts, creates, indexes and deletions) invisible to the next {@code
   * reads} read calls of this fake, as an eventually consistent store would; the writes themselves
   * are done at once, so conditional writes and idempotency checks see them. {@code lag(0)}, the
   * default, is read-after-write consistency.
   *
   * @param reads how many reads a write stays invisible for
   * @return this script
   * @throws IllegalArgumentException if {@code reads} is negative
   */
  public synchronized Faults lag(int reads) {
    if (reads < 0) {
      throw new IllegalArgumentException("lag must not be negative, got " + reads);
    }
    this.lag = reads;
    if (reads > 0) {
      lagged = true;
    }
    return this;
  }

  /**
   * Removes every scripted fault and sets the lag back to 0.
   *
   * @return this script
   */
  public synchronized Faults clear() {
    anyNext.clear();
    next.clear();
    always.clear();
    lag = 0;
    return this;
  }

  /**
   * Returns the operations of this fake's port.
   *
   * @return the operation names
   */
  public Set<String> operations() {
    return new TreeSet<>(operations);
  }

  /**
   * Tells whether no fault is waiting to be used (standing {@link #failAlways} faults aside).
   *
   * @return {@code true} if every {@code failNext} fault was used
   */
  public synchronized boolean exhausted() {
    return anyNext.isEmpty() && next.values().stream().allMatch(Deque::isEmpty);
  }

  synchronized Optional<Fault> take(String operation) {
    Deque<Fault> queue = next.get(operation);
    if (queue != null && !queue.isEmpty()) {
      return Optional.of(queue.poll());
    }
    if (!anyNext.isEmpty()) {
      return Optional.of(anyNext.poll());
    }
    return Optional.ofNullable(always.get(operation));
  }

  synchronized int currentLag() {
    return lag;
  }

  /** Whether a lag was ever set: writes made under it may still be invisible after a clear. */
  synchronized boolean everLagged() {
    return lagged;
  }

  /**
   * Returns the AWS operation names this fake accepts as aliases, each with the operation it
   * stands for (see the class comment).
   *
   * @return alias to operation, sorted by alias
   */
  public Map<String, String> aliases() {
    Map<String, String> aliases = new java.util.TreeMap<>();
    AWS_OPERATIONS.getOrDefault(port, Map.of()).forEach((alias, operation) -> {
      if (operations.contains(operation)) {
        aliases.put(alias, operation);
      }
    });
    return aliases;
  }

  private String check(String operation) {
    Objects.requireNonNull(operation, "operation");
    String alias = aliases().get(operation);
    if (alias != null) {
      return alias;
    }
    if (!operations.contains(operation)) {
      throw new IllegalArgumentException(
          port + " has no operation '" + operation + "'; it has " + operations()
              + ", or their AWS names " + aliases().keySet());
    }
    return operation;
  }

  @Override
  public synchronized String toString() {
    return "Faults[" + port + ", next=" + anyNext + ", byOperation=" + next + ", always=" + always
        + ", lag=" + lag + "]";
  }
}
