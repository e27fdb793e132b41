package io.github.idvkit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceAttribute;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.ComparedFace;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.testkit.FakeFaceComparer;
import io.github.idvkit.testkit.FakeFaceDetector;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Amazon Rekognition endpoint speaking AWS JSON 1.1 on the JDK's {@link HttpServer}, bound
 * to loopback, for the real {@link RekognitionClient}. No Rekognition emulator exists anywhere, so
 * this is ours (DESIGN.md §7).
 *
 * <p>It understands {@code TestFaces} images through the testkit fakes: {@link FakeFaceDetector}
 * for {@code DetectFaces} and the face details of every other operation, {@link FakeFaceComparer}
 * for {@code CompareFaces}, and one {@link InMemoryFaceIndex} per collection for similarities (each
 * Rekognition face is indexed there under a face-private user, so a search yields each face's
 * similarity). On top it keeps Rekognition's own model: collections with tags, faces with {@code
 * ExternalImageId}, users with associated faces.
 *
 * <p>It follows the API's request and response shapes and its error bodies ({@code
 * {"__type":"InvalidParameterException","Message":...}} with HTTP 400, or 500 for {@code
 * InternalServerError}), and rejects what the API rejects: thresholds outside 0-100, ids outside
 * their patterns and lengths, {@code MaxFaces}/{@code MaxUsers}/{@code MaxResults} out of range,
 * images over 5 MB as bytes, unknown quality filters, requests without a SigV4 {@code
 * Authorization} header, probes and sources without a face. It counts calls per operation
 * (attempts, including failed ones) and keeps each request body for request-level assertions.
 *
 * <p>Simplification: with a quality filter, {@code IndexFaces} indexes the largest face only if it
 * passes the filter (Rekognition might index a smaller face instead).
 */
final class RekognitionEndpoint implements AutoCloseable {

  /** The face model version the endpoint reports. */
  static final String MODEL_VERSION = "7.0";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern COLLECTION_ID = Pattern.compile("[a-zA-Z0-9_.\\-]+");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[a-zA-Z0-9_.\\-:]+");
  private static final Pattern USER_ID = Pattern.compile("[a-zA-Z0-9_.\\-:]+");
  private static final Pattern FACE_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> QUALITY_FILTERS = Set.of("NONE", "AUTO", "LOW", "MEDIUM", "HIGH");
  private static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;

  static {
    // The JDK's HttpServer writes a response's headers and body in separate writes; with Nagle's
    // algorithm on, the body waits for the client's delayed ACK of the headers (~40 ms on Linux
    // loopback), on every call. The property is read once, when the first HttpServer of the JVM
    // is created; Surefire also sets it at fork start (root pom), for JVMs that start a server
    // before this class loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final BiFunction<String, String, Optional<byte[]>> s3Reader;
  private final FakeFaceDetector detector = FakeFaceDetector.create();
  private final FakeFaceComparer comparer = FakeFaceComparer.create();
  private final Map<String, Collection> collections = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> requests = new ConcurrentHashMap<>();
  private final Map<String, Deque<ScriptedError>> faults = new ConcurrentHashMap<>();
  private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
  private final List<String> rejections = new CopyOnWriteArrayList<>();
  private final AtomicInteger requestIds = new AtomicInteger();
  private volatile int listFacesPageSize = Integer.MAX_VALUE;
  private final Map<String, LiveSession> livenessSessions = new LinkedHashMap<>();
  private volatile @org.jspecify.annotations.Nullable S3Writer livenessS3Writer;

  /** Where the endpoint writes liveness images of sessions created with an {@code OutputConfig}. */
  @FunctionalInterface
  interface S3Writer {
    void put(String bucket, String key, byte[] bytes);
  }

  /** A Face Liveness session as Rekognition keeps it. */
  private static final class LiveSession {
    final int auditImagesLimit;
    final @org.jspecify.annotations.Nullable String outputBucket;
    final String outputPrefix;
    String status = "CREATED";
    @org.jspecify.annotations.Nullable Double confidence;
    @org.jspecify.annotations.Nullable FaceImage reference;
    List<FaceImage> audits = List.of();

    LiveSession(int auditImagesLimit, @org.jspecify.annotations.Nullable String outputBucket, String outputPrefix) {
      this.auditImagesLimit = auditImagesLimit;
      this.outputBucket = outputBucket;
      this.outputPrefix = outputPrefix;
    }
  }

  private RekognitionEndpoint(BiFunction<String, String, Optional<byte[]>> s3Reader)
      throws IOException {
    this.s3Reader = s3Reader;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "rekognition-endpoint");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts an endpoint that cannot read S3 objects. */
  static RekognitionEndpoint start() {
    return start((bucket, key) -> Optional.empty());
  }

  /**
   * Starts an endpoint that reads {@code S3Object} images through {@code s3Reader(bucket, key)}.
   */
  static RekognitionEndpoint start(BiFunction<String, String, Optional<byte[]>> s3Reader) {
    try {
      return new RekognitionEndpoint(s3Reader);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the Rekognition endpoint", e);
    }
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Returns a new client without retries; the caller closes it. */
  RekognitionClient client() {
    return TestClients.rekognition(endpoint(), TestClients.noRetries());
  }

  /** Returns a new client with the given retry strategy; the caller closes it. */
  RekognitionClient client(RetryStrategy retries) {
    return TestClients.rekognition(endpoint(), retries);
  }

  /** Returns how many requests (attempts) an operation received. */
  int calls(String operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  /** Returns the number of requests per operation, in no particular order. */
  Map<String, Integer> callCounts() {
    Map<String, Integer> counts = new HashMap<>();
    calls.forEach((operation, count) -> counts.put(operation, count.get()));
    return counts;
  }

  /** Returns every request body an operation received, oldest first. */
  List<JsonNode> requests(String operation) {
    return List.copyOf(requests.getOrDefault(operation, List.of()));
  }

  /** Returns the last request body an operation received. */
  JsonNode lastRequest(String operation) {
    List<JsonNode> received = requests(operation);
    if (received.isEmpty()) {
      throw new AssertionError("No " + operation + " request was received");
    }
    return received.get(received.size() - 1);
  }

  /** Returns why the endpoint rejected requests as invalid ({@code type: message}), oldest first. */
  List<String> rejections() {
    return List.copyOf(rejections);
  }

  /** Forgets the call counts and request bodies (not the collections). */
  void resetCalls() {
    calls.clear();
    requests.clear();
    rejections.clear();
  }

  /**
   * Makes the next {@code times} requests of an operation fail with an error body, before any
   * other processing.
   */
  void failNext(String operation, int status, String errorType, int times) {
    Deque<ScriptedError> queue = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < times; i++) {
        queue.add(new ScriptedError(status, errorType));
      }
    }
  }

  /**
   * Runs {@code action} once, just before the next request of an operation is handled, as another
   * writer of the collection could act between two calls of idv.
   */
  void beforeNext(String operation, Runnable action) {
    hooks.put(operation, action);
  }

  /** Associates a face with another Rekognition user (created if missing), as another writer could. */
  synchronized void associateElsewhere(String collectionId, String faceId, String userId) {
    Collection collection = collections.get(collectionId);
    Face face = collection.faces.get(faceId);
    if (face.userId != null) {
      collection.users.get(face.userId).faceIds.remove(faceId);
    }
    collection.users.computeIfAbsent(userId, User::new).faceIds.add(faceId);
    face.userId = userId;
  }

  /** Caps the page size of {@code ListFaces}, so that a few faces need several pages. */
  void listFacesPageSize(int pageSize) {
    this.listFacesPageSize = pageSize;
  }

  /** Returns the ids of every face in a collection, in indexing order; empty if none. */
  synchronized List<String> faceIds(String collectionId) {
    Collection collection = collections.get(collectionId);
    return collection == null ? List.of() : List.copyOf(collection.faces.keySet());
  }

  /** Returns the ids of every user in a collection; empty if none. */
  synchronized Set<String> userIds(String collectionId) {
    Collection collection = collections.get(collectionId);
    return collection == null ? Set.of() : Set.copyOf(collection.users.keySet());
  }

  /** Returns the tags a collection was created with. */
  synchronized Map<String, String> tags(String collectionId) {
    return Map.copyOf(collections.get(collectionId).tags);
  }

  /** Returns the user a face is associated with, if any. */
  synchronized Optional<String> userOf(String collectionId, String faceId) {
    Face face = collections.get(collectionId).faces.get(faceId);
    return face == null ? Optional.empty() : Optional.ofNullable(face.userId);
  }

  // ---------------------------------------------------------------- Face Liveness scripting

  /** Lets sessions created with an {@code OutputConfig} write their images through {@code writer}. */
  void livenessS3Writer(S3Writer writer) {
    this.livenessS3Writer = writer;
  }

  /** Returns the ids of every liveness session created, oldest first. */
  synchronized List<String> livenessSessionIds() {
    return List.copyOf(livenessSessions.keySet());
  }

  /**
   * Completes a liveness session as the browser's run of the check would: {@code SUCCEEDED} with a
   * confidence, a reference image and audit images (kept up to the session's {@code
   * AuditImagesLimit}).
   */
  synchronized void completeLiveness(String sessionId, double confidence, FaceImage reference, List<FaceImage> audits) {
    LiveSession session = liveSession(sessionId);
    session.status = "SUCCEEDED";
    session.confidence = confidence;
    session.reference = reference;
    session.audits = List.copyOf(audits.subList(0, Math.min(audits.size(), session.auditImagesLimit)));
  }

  /** Ends a liveness session as {@code FAILED}. */
  synchronized void failLiveness(String sessionId) {
    liveSession(sessionId).status = "FAILED";
  }

  /** Ends a liveness session as {@code EXPIRED} (Rekognition's 3 minutes, without waiting them). */
  synchronized void expireLiveness(String sessionId) {
    liveSession(sessionId).status = "EXPIRED";
  }

  /** Moves a liveness session to {@code IN_PROGRESS}. */
  synchronized void startLiveness(String sessionId) {
    liveSession(sessionId).status = "IN_PROGRESS";
  }

  private LiveSession liveSession(String sessionId) {
    LiveSession session = livenessSessions.get(sessionId);
    if (session == null) {
      throw new IllegalArgumentException("No liveness session " + sessionId);
    }
    return session;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = "local-" + requestIds.incrementAndGet();
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation =
          target != null && target.startsWith("RekognitionService.")
              ? target.substring("RekognitionService.".length())
              : "";
      calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      int status = 200;
      JsonNode response;
      try {
        JsonNode request = parse(body);
        requests.computeIfAbsent(operation, k -> new CopyOnWriteArrayList<>()).add(request);
        ScriptedError scripted = nextFault(operation);
        if (scripted != null) {
          throw new RekognitionError(scripted.status, scripted.type, "Scripted by the test", false);
        }
        checkProtocol(exchange, operation);
        response = dispatch(operation, request);
      } catch (RekognitionError e) {
        status = e.status;
        if (e.constraint) {
          rejections.add(operation + " " + e.type + ": " + e.getMessage());
        }
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", e.type);
        error.put("Message", e.getMessage());
        response = error;
      } catch (RuntimeException e) {
        status = 500;
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", "InternalServerError");
        error.put("Message", "The endpoint failed: " + e);
        response = error;
      }
      byte[] out = JSON.writeValueAsBytes(response);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(status, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private ScriptedError nextFault(String operation) {
    Deque<ScriptedError> queue = faults.get(operation);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.poll();
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new RekognitionError(400, "SerializationException", "The body is not JSON");
    }
  }

  private static void checkProtocol(HttpExchange exchange, String operation) {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!"POST".equals(exchange.getRequestMethod())
        || contentType == null
        || !contentType.startsWith("application/x-amz-json-1.1")) {
      throw new RekognitionError(400, "SerializationException", "Expected POST of AWS JSON 1.1");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null
        || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + TestClients.ACCESS_KEY + "/")
        || !authorization.contains("/rekognition/aws4_request")
        || !authorization.contains("Signature=")) {
      throw new RekognitionError(
          400, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    if (operation.isEmpty()) {
      throw new RekognitionError(400, "UnknownOperationException", "No X-Amz-Target");
    }
  }

  private JsonNode dispatch(String operation, JsonNode request) {
    Runnable hook = hooks.remove(operation);
    if (hook != null) {
      hook.run();
    }
    return switch (operation) {
      case "DetectFaces" -> detectFaces(request);
      case "CompareFaces" -> compareFaces(request);
      case "CreateCollection" -> createCollection(request);
      case "DescribeCollection" -> describeCollection(request);
      case "DeleteCollection" -> deleteCollection(request);
      case "IndexFaces" -> indexFaces(request);
      case "SearchFacesByImage" -> searchFacesByImage(request);
      case "SearchUsersByImage" -> searchUsersByImage(request);
      case "ListFaces" -> listFaces(request);
      case "DeleteFaces" -> deleteFaces(request);
      case "CreateUser" -> createUser(request);
      case "DeleteUser" -> deleteUser(request);
      case "AssociateFaces" -> associateFaces(request);
      case "DisassociateFaces" -> disassociateFaces(request);
      case "CreateFaceLivenessSession" -> createFaceLivenessSession(request);
      case "GetFaceLivenessSessionResults" -> getFaceLivenessSessionResults(request);
      default -> throw new RekognitionError(400, "UnknownOperationException", operation);
    };
  }

  // ---------------------------------------------------------------- operations

  private JsonNode detectFaces(JsonNode request) {
    FaceImage image = image(request, "Image");
    Set<String> all = attributes(request, "Attributes");
    List<DetectedFace> faces = detect(image);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode details = response.putArray("FaceDetails");
    faces.forEach(face -> details.add(faceDetail(face, all)));
    return response;
  }

  private JsonNode compareFaces(JsonNode request) {
    FaceImage source = image(request, "SourceImage");
    FaceImage target = image(request, "TargetImage");
    double threshold = percent(request, "SimilarityThreshold", 80);
    qualityFilter(request);
    if (detect(source).isEmpty()) {
      throw noFace();
    }
    Comparison comparison;
    try {
      comparison = comparer.compare(source, target);
    } catch (InvalidImageException e) {
      throw new RekognitionError(400, "InvalidImageFormatException", "Request has invalid image format");
    }
    ObjectNode response = JSON.createObjectNode();
    ObjectNode sourceFace = response.putObject("SourceImageFace");
    sourceFace.set("BoundingBox", box(comparison.sourceFace().orElseThrow()));
    sourceFace.put("Confidence", 99.99f);
    ArrayNode matches = response.putArray("FaceMatches");
    ArrayNode unmatched = response.putArray("UnmatchedFaces");
    for (ComparedFace face : comparison.targetFaces()) {
      ObjectNode compared = JSON.createObjectNode();
      compared.set("BoundingBox", box(face.box()));
      compared.put("Confidence", 99.99f);
      if (face.similarity().percent() >= threshold) {
        ObjectNode match = matches.addObject();
        match.put("Similarity", (float) face.similarity().percent());
        match.set("Face", compared);
      } else {
        unmatched.add(compared);
      }
    }
    return response;
  }

  private synchronized JsonNode createCollection(JsonNode request) {
    String id = collectionId(request);
    JsonNode tags = request.path("Tags");
    if (tags.isObject() && tags.size() > 200) {
      throw invalid("At most 200 tags");
    }
    if (collections.containsKey(id)) {
      throw new RekognitionError(
          400, "ResourceAlreadyExistsException", "The collection id: " + id + " already exists");
    }
    Collection collection = new Collection(id);
    if (tags.isObject()) {
      for (String key : tags.propertyNames()) {
        collection.tags.put(key, tags.path(key).asString());
      }
    }
    collections.put(id, collection);
    ObjectNode response = JSON.createObjectNode();
    response.put("StatusCode", 200);
    response.put("CollectionArn", "arn:aws:rekognition:us-east-1:000000000000:collection/" + id);
    response.put("FaceModelVersion", MODEL_VERSION);
    return response;
  }

  private synchronized JsonNode describeCollection(JsonNode request) {
    Collection collection = collection(request);
    ObjectNode response = JSON.createObjectNode();
    response.put("FaceCount", (long) collection.faces.size());
    response.put("UserCount", (long) collection.users.size());
    response.put("FaceModelVersion", MODEL_VERSION);
    response.put("CollectionARN", "arn:aws:rekognition:us-east-1:000000000000:collection/" + collection.id);
    response.put("CreationTimestamp", collection.created.getEpochSecond());
    return response;
  }

  private synchronized JsonNode deleteCollection(JsonNode request) {
    Collection collection = collection(request);
    collections.remove(collection.id);
    ObjectNode response = JSON.createObjectNode();
    response.put("StatusCode", 200);
    return response;
  }

  private JsonNode indexFaces(JsonNode request) {
    String collectionId;
    synchronized (this) {
      collectionId = collection(request).id;
    }
    FaceImage image = image(request, "Image");
    String externalImageId = optionalString(request, "ExternalImageId", EXTERNAL_ID, 1, 255);
    optionalInt(request, "MaxFaces", 1, Integer.MAX_VALUE, Integer.MAX_VALUE);
    String filter = qualityFilter(request).orElse("AUTO");
    Set<String> all = attributes(request, "DetectionAttributes");
    List<DetectedFace> faces = detect(image);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode records = response.putArray("FaceRecords");
    ArrayNode unindexed = response.putArray("UnindexedFaces");
    response.put("FaceModelVersion", MODEL_VERSION);
    for (int i = 0; i < faces.size(); i++) {
      DetectedFace face = faces.get(i);
      List<String> reasons = new ArrayList<>(qualityReasons(face, filter));
      if (i == 0 && reasons.isEmpty()) {
        synchronized (this) {
          Collection collection = collections.get(collectionId);
          if (collection == null) {
            throw notFound(collectionId);
          }
          UserId owner = UserId.of("face-" + collection.sequence++);
          IndexResult result = collection.index.index(owner, image);
          String faceId = result.indexed().orElseThrow().faceId().value();
          Face stored =
              new Face(faceId, UUID.randomUUID().toString(), externalImageId, owner, face, image);
          collection.faces.put(faceId, stored);
          ObjectNode record = records.addObject();
          record.set("Face", faceJson(stored));
          record.set("FaceDetail", faceDetail(face, all));
        }
        continue;
      }
      if (i > 0) {
        // The endpoint indexes the largest face only (see the class comment).
        reasons.add("EXCEEDS_MAX_FACES");
      }
      ObjectNode entry = unindexed.addObject();
      ArrayNode why = entry.putArray("Reasons");
      reasons.forEach(why::add);
      entry.set("FaceDetail", faceDetail(face, all));
    }
    return response;
  }

  private JsonNode searchFacesByImage(JsonNode request) {
    FaceImage image = image(request, "Image");
    int maxFaces = optionalInt(request, "MaxFaces", 1, 4096, 4096);
    double threshold = percent(request, "FaceMatchThreshold", 80);
    qualityFilter(request);
    List<DetectedFace> probeFaces = detect(image);
    if (probeFaces.isEmpty()) {
      throw noFace();
    }
    ObjectNode response = JSON.createObjectNode();
    synchronized (this) {
      Collection collection = collection(request);
      Map<String, Double> similarities = similarities(collection, image);
      response.set("SearchedFaceBoundingBox", box(probeFaces.get(0).box()));
      response.put("SearchedFaceConfidence", (float) (probeFaces.get(0).confidence().getAsDouble() * 100));
      ArrayNode matches = response.putArray("FaceMatches");
      similarities.entrySet().stream()
          .filter(e -> e.getValue() >= threshold)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(maxFaces)
          .forEach(
              e -> {
                ObjectNode match = matches.addObject();
                match.put("Similarity", e.getValue().floatValue());
                match.set("Face", faceJson(collection.faces.get(e.getKey())));
              });
      response.put("FaceModelVersion", MODEL_VERSION);
    }
    return response;
  }

  private JsonNode searchUsersByImage(JsonNode request) {
    FaceImage image = image(request, "Image");
    int maxUsers = optionalInt(request, "MaxUsers", 1, 500, 500);
    double threshold = percent(request, "UserMatchThreshold", 80);
    qualityFilter(request);
    List<DetectedFace> probeFaces = detect(image);
    ObjectNode response = JSON.createObjectNode();
    synchronized (this) {
      Collection collection = collection(request);
      if (probeFaces.isEmpty()) {
        // As documented: no valid face gives empty UserMatches and no SearchedFace, not an error.
        response.putArray("UserMatches");
        response.putArray("UnsearchedFaces");
        response.put("FaceModelVersion", MODEL_VERSION);
        return response;
      }
      Map<String, Double> similarities = similarities(collection, image);
      Map<String, Double> perUser = new HashMap<>();
      for (User user : collection.users.values()) {
        for (String faceId : user.faceIds) {
          Double similarity = similarities.get(faceId);
          if (similarity != null) {
            perUser.merge(user.userId, similarity, Math::max);
          }
        }
      }
      ArrayNode matches = response.putArray("UserMatches");
      perUser.entrySet().stream()
          .filter(e -> e.getValue() >= threshold)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(maxUsers)
          .forEach(
              e -> {
                ObjectNode match = matches.addObject();
                match.put("Similarity", e.getValue().floatValue());
                ObjectNode user = match.putObject("User");
                user.put("UserId", e.getKey());
                user.put("UserStatus", "ACTIVE");
              });
      response.put("FaceModelVersion", MODEL_VERSION);
      // As documented: the searched face's FaceDetail holds "the BoundingBox for the largest face
      // in image, as well as the confidence in the bounding box", nothing more.
      ObjectNode searched = response.putObject("SearchedFace").putObject("FaceDetail");
      searched.set("BoundingBox", box(probeFaces.get(0).box()));
      searched.put("Confidence", (float) (probeFaces.get(0).confidence().getAsDouble() * 100));
      ArrayNode unsearched = response.putArray("UnsearchedFaces");
      for (DetectedFace other : probeFaces.subList(1, probeFaces.size())) {
        ObjectNode entry = unsearched.addObject();
        entry.set("FaceDetails", faceDetail(other, Set.of()));
        entry.putArray("Reasons").add("FACE_NOT_LARGEST");
      }
    }
    return response;
  }

  private synchronized JsonNode listFaces(JsonNode request) {
    Collection collection = collection(request);
    int maxResults = optionalInt(request, "MaxResults", 0, 4096, 1000);
    String userId = optionalString(request, "UserId", USER_ID, 1, 128);
    Set<String> faceIds = new LinkedHashSet<>();
    request.path("FaceIds").forEach(id -> faceIds.add(faceId(id)));
    String token = request.path("NextToken").asString(null);
    int offset = 0;
    if (token != null) {
      if (!token.startsWith("page-")) {
        throw invalid("Invalid pagination token");
      }
      offset = Integer.parseInt(token.substring("page-".length()));
    }
    List<Face> selected =
        collection.faces.values().stream()
            .filter(f -> userId == null || userId.equals(f.userId))
            .filter(f -> faceIds.isEmpty() || faceIds.contains(f.faceId))
            .toList();
    int pageSize = Math.max(1, Math.min(maxResults == 0 ? 1000 : maxResults, listFacesPageSize));
    int end = Math.min(selected.size(), offset + pageSize);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode faces = response.putArray("Faces");
    for (Face face : selected.subList(Math.min(offset, end), end)) {
      faces.add(faceJson(face));
    }
    if (end < selected.size()) {
      response.put("NextToken", "page-" + end);
    }
    response.put("FaceModelVersion", MODEL_VERSION);
    return response;
  }

  private synchronized JsonNode deleteFaces(JsonNode request) {
    Collection collection = collection(request);
    List<String> ids = faceIds(request, 4096);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode deleted = response.putArray("DeletedFaces");
    ArrayNode unsuccessful = response.putArray("UnsuccessfulFaceDeletions");
    for (String id : ids) {
      Face face = collection.faces.get(id);
      if (face == null) {
        ObjectNode entry = unsuccessful.addObject();
        entry.put("FaceId", id);
        entry.putArray("Reasons").add("FACE_NOT_FOUND");
      } else if (face.userId != null) {
        ObjectNode entry = unsuccessful.addObject();
        entry.put("FaceId", id);
        entry.put("UserId", face.userId);
        entry.putArray("Reasons").add("ASSOCIATED_TO_AN_EXISTING_USER");
      } else {
        collection.index.deleteFaces(face.owner, List.of(io.github.idvkit.FaceId.of(id)));
        collection.faces.remove(id);
        deleted.add(id);
      }
    }
    return response;
  }

  private synchronized JsonNode createUser(JsonNode request) {
    Collection collection = collection(request);
    String userId = requiredString(request, "UserId", USER_ID, 1, 128);
    String token = optionalString(request, "ClientRequestToken", Pattern.compile("[a-zA-Z0-9-_]+"), 1, 64);
    User existing = collection.users.get(userId);
    if (existing != null) {
      if (token != null && token.equals(existing.token)) {
        return JSON.createObjectNode();
      }
      throw new RekognitionError(400, "ConflictException", "A user with the same id exists");
    }
    User user = new User(userId);
    user.token = token;
    collection.users.put(userId, user);
    return JSON.createObjectNode();
  }

  private synchronized JsonNode deleteUser(JsonNode request) {
    Collection collection = collection(request);
    String userId = requiredString(request, "UserId", USER_ID, 1, 128);
    User user = collection.users.remove(userId);
    if (user == null) {
      throw new RekognitionError(400, "ResourceNotFoundException", "The user does not exist");
    }
    for (String faceId : user.faceIds) {
      Face face = collection.faces.get(faceId);
      if (face != null) {
        face.userId = null;
      }
    }
    return JSON.createObjectNode();
  }

  private synchronized JsonNode associateFaces(JsonNode request) {
    Collection collection = collection(request);
    String userId = requiredString(request, "UserId", USER_ID, 1, 128);
    List<String> ids = faceIds(request, 100);
    double threshold = percent(request, "UserMatchThreshold", 75);
    User user = collection.users.get(userId);
    if (user == null) {
      throw new RekognitionError(400, "ResourceNotFoundException", "The user does not exist");
    }
    ObjectNode response = JSON.createObjectNode();
    ArrayNode associated = response.putArray("AssociatedFaces");
    ArrayNode unsuccessful = response.putArray("UnsuccessfulFaceAssociations");
    for (String id : ids) {
      Face face = collection.faces.get(id);
      String reason = null;
      double confidence = 0;
      if (face == null) {
        reason = "FACE_NOT_FOUND";
      } else if (face.userId != null && !face.userId.equals(userId)) {
        reason = "ASSOCIATED_TO_A_DIFFERENT_USER";
      } else if (!user.faceIds.isEmpty() && threshold > 0) {
        Map<String, Double> similarities = similarities(collection, face.image);
        confidence =
            user.faceIds.stream().mapToDouble(f -> similarities.getOrDefault(f, 0.0)).max().orElse(0);
        if (confidence < threshold) {
          reason = "LOW_MATCH_CONFIDENCE";
        }
      }
      if (reason != null) {
        ObjectNode entry = unsuccessful.addObject();
        entry.put("FaceId", id);
        entry.put("UserId", userId);
        entry.put("Confidence", (float) confidence);
        entry.putArray("Reasons").add(reason);
      } else {
        face.userId = userId;
        user.faceIds.add(id);
        associated.addObject().put("FaceId", id);
      }
    }
    response.put("UserStatus", "ACTIVE");
    return response;
  }

  private synchronized JsonNode disassociateFaces(JsonNode request) {
    Collection collection = collection(request);
    String userId = requiredString(request, "UserId", USER_ID, 1, 128);
    List<String> ids = faceIds(request, 100);
    User user = collection.users.get(userId);
    if (user == null) {
      throw new RekognitionError(400, "ResourceNotFoundException", "The user does not exist");
    }
    ObjectNode response = JSON.createObjectNode();
    ArrayNode disassociated = response.putArray("DisassociatedFaces");
    ArrayNode unsuccessful = response.putArray("UnsuccessfulFaceDisassociations");
    for (String id : ids) {
      Face face = collection.faces.get(id);
      if (face == null || !userId.equals(face.userId)) {
        ObjectNode entry = unsuccessful.addObject();
        entry.put("FaceId", id);
        entry.put("UserId", userId);
        entry.putArray("Reasons").add(face == null ? "FACE_NOT_FOUND" : "ASSOCIATED_TO_A_DIFFERENT_USER");
      } else {
        face.userId = null;
        user.faceIds.remove(id);
        disassociated.addObject().put("FaceId", id);
      }
    }
    response.put("UserStatus", "ACTIVE");
    return response;
  }

  // ---------------------------------------------------------------- model

  /** Each stored face's similarity (percent) to the probe's largest face. */
  private static Map<String, Double> similarities(Collection collection, FaceImage probe) {
    Map<UserId, String> faceByOwner = new HashMap<>();
    collection.faces.values().forEach(f -> faceByOwner.put(f.owner, f.faceId));
    Map<String, Double> similarities = new HashMap<>();
    if (faceByOwner.isEmpty()) {
      return similarities;
    }
    for (FaceMatch match : collection.index.search(probe, Integer.MAX_VALUE).matches()) {
      String faceId = faceByOwner.get(match.userId());
      if (faceId != null) {
        similarities.put(faceId, match.similarity().percent());
      }
    }
    return similarities;
  }

  private List<DetectedFace> detect(FaceImage image) {
    try {
      return detector.detect(image).faces();
    } catch (InvalidImageException e) {
      throw new RekognitionError(400, "InvalidImageFormatException", "Request has invalid image format");
    }
  }

  /** Why Rekognition's quality filter would refuse a face; empty with {@code NONE}. */
  private static List<String> qualityReasons(DetectedFace face, String filter) {
    if (filter.equals("NONE")) {
      return List.of();
    }
    List<String> reasons = new ArrayList<>();
    if (face.sharpness().orElse(1) < 0.1) {
      reasons.add("LOW_SHARPNESS");
    }
    if (face.brightness().orElse(0.5) < 0.1) {
      reasons.add("LOW_BRIGHTNESS");
    }
    if (face.pose().map(p -> Math.abs(p.yaw()) > 45 || Math.abs(p.pitch()) > 45).orElse(false)) {
      reasons.add("EXTREME_POSE");
    }
    if (face.sizePixels() < 40 && !filter.equals("LOW")) {
      reasons.add("SMALL_BOUNDING_BOX");
    }
    return reasons;
  }

  private FaceImage image(JsonNode request, String field) {
    JsonNode image = request.path(field);
    if (!image.isObject()) {
      throw invalid(field + " is required");
    }
    JsonNode bytes = image.path("Bytes");
    JsonNode s3 = image.path("S3Object");
    byte[] raw;
    if (bytes.isString() && !s3.isObject()) {
      try {
        raw = Base64.getDecoder().decode(bytes.asString());
      } catch (IllegalArgumentException e) {
        throw new RekognitionError(400, "SerializationException", "Bytes is not base64");
      }
      if (raw.length > MAX_IMAGE_BYTES) {
        throw new RekognitionError(
            400, "ImageTooLargeException", "Image size is too large (" + raw.length + " bytes)");
      }
    } else if (s3.isObject() && !bytes.isString()) {
      String bucket = s3.path("Bucket").asString("");
      String name = s3.path("Name").asString("");
      if (bucket.isEmpty() || name.isEmpty()) {
        throw invalid("S3Object needs Bucket and Name");
      }
      raw =
          s3Reader
              .apply(bucket, name)
              .orElseThrow(
                  () ->
                      new RekognitionError(
                          400, "InvalidS3ObjectException", "Unable to get object metadata from S3."));
    } else {
      throw invalid(field + " needs exactly one of Bytes and S3Object");
    }
    if (raw.length == 0) {
      throw invalid(field + " is empty");
    }
    try {
      return FaceImage.fromBytes(raw);
    } catch (InvalidImageException e) {
      throw new RekognitionError(400, "InvalidImageFormatException", "Request has invalid image format");
    }
  }

  private Collection collection(JsonNode request) {
    String id = collectionId(request);
    Collection collection = collections.get(id);
    if (collection == null) {
      throw notFound(id);
    }
    return collection;
  }

  private static RekognitionError notFound(String collectionId) {
    return new RekognitionError(
        400, "ResourceNotFoundException", "The collection id: " + collectionId + " does not exist");
  }

  private static String collectionId(JsonNode request) {
    return requiredString(request, "CollectionId", COLLECTION_ID, 1, 255);
  }

  private static List<String> faceIds(JsonNode request, int max) {
    JsonNode ids = request.path("FaceIds");
    if (!ids.isArray() || ids.isEmpty() || ids.size() > max) {
      throw invalid("FaceIds needs 1 to " + max + " ids");
    }
    List<String> result = new ArrayList<>();
    ids.forEach(id -> result.add(faceId(id)));
    return result;
  }

  private static String faceId(JsonNode id) {
    String value = id.asString("");
    if (!FACE_ID.matcher(value).matches()) {
      throw invalid("A face id must be a UUID");
    }
    return value;
  }

  private static String requiredString(
      JsonNode request, String field, Pattern pattern, int min, int max) {
    String value = optionalString(request, field, pattern, min, max);
    if (value == null) {
      throw invalid(field + " is required");
    }
    return value;
  }

  private static String optionalString(
      JsonNode request, String field, Pattern pattern, int min, int max) {
    JsonNode node = request.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    String value = node.asString("");
    if (!node.isString() || value.length() < min || value.length() > max
        || !pattern.matcher(value).matches()) {
      throw invalid(
          "1 validation error detected: Value at '" + field.substring(0, 1).toLowerCase()
              + field.substring(1) + "' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: " + pattern + " and length " + min + "-" + max);
    }
    return value;
  }

  private static int optionalInt(JsonNode request, String field, int min, int max, int fallback) {
    JsonNode node = request.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
      throw invalid(field + " must be an integer in " + min + ".." + max);
    }
    return node.asInt();
  }

  private static double percent(JsonNode request, String field, double fallback) {
    JsonNode node = request.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    double value = node.asDouble();
    if (!node.isNumber() || value < 0 || value > 100) {
      throw invalid(field + " must be in 0..100, got " + node);
    }
    return value;
  }

  private static Optional<String> qualityFilter(JsonNode request) {
    JsonNode node = request.path("QualityFilter");
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!QUALITY_FILTERS.contains(node.asString(""))) {
      throw invalid("QualityFilter must be one of " + QUALITY_FILTERS);
    }
    return Optional.of(node.asString());
  }

  /** The attributes asked for beyond the default set ({@code ALL} stands for every one). */
  private static Set<String> attributes(JsonNode request, String field) {
    Set<String> asked = new HashSet<>();
    for (JsonNode attribute : request.path(field)) {
      String value = attribute.asString("");
      if (!value.equals("DEFAULT") && !value.matches("[A-Z_]+")) {
        throw invalid(field + " holds an unknown attribute");
      }
      asked.add(value);
    }
    return asked;
  }

  /** What Rekognition answers for a source or probe without a face: not a broken constraint. */
  private static RekognitionError noFace() {
    return new RekognitionError(
        400,
        "InvalidParameterException",
        "There are no faces in the image. Should be at least 1.",
        false);
  }


  // ---------------------------------------------------------------- Face Liveness

  private static final Pattern SESSION_ID = FACE_ID;
  private static final Set<String> CHALLENGES = Set.of("FaceMovementAndLightChallenge", "FaceMovementChallenge");

  private synchronized JsonNode createFaceLivenessSession(JsonNode request) {
    JsonNode settings = request.path("Settings");
    int auditImagesLimit = 0;
    String outputBucket = null;
    String outputPrefix = "";
    if (settings.has("AuditImagesLimit")) {
      auditImagesLimit = settings.path("AuditImagesLimit").asInt();
      if (auditImagesLimit < 0 || auditImagesLimit > 4) {
        throw invalid("AuditImagesLimit must be between 0 and 4");
      }
    }
    if (settings.has("OutputConfig")) {
      JsonNode output = settings.path("OutputConfig");
      outputBucket = output.path("S3Bucket").asString("");
      if (outputBucket.length() < 3 || outputBucket.length() > 255) {
        throw invalid("OutputConfig.S3Bucket must be 3-255 characters");
      }
      outputPrefix = output.path("S3KeyPrefix").asString("");
      if (outputPrefix.length() > 950) {
        throw invalid("OutputConfig.S3KeyPrefix is at most 950 characters");
      }
      if (livenessS3Writer == null) {
        throw new RekognitionError(400, "AccessDeniedException", "Rekognition cannot write to the bucket");
      }
    }
    JsonNode preferences = settings.path("ChallengePreferences");
    if (preferences.isArray()) {
      for (JsonNode preference : preferences) {
        if (!CHALLENGES.contains(preference.path("Type").asString(""))) {
          throw invalid("Unknown challenge type");
        }
      }
    }
    String token = request.path("ClientRequestToken").asString("");
    if (request.has("ClientRequestToken") && (token.isEmpty() || token.length() > 64)) {
      throw invalid("ClientRequestToken must be 1-64 characters");
    }
    String id = UUID.randomUUID().toString();
    livenessSessions.put(id, new LiveSession(auditImagesLimit, outputBucket, outputPrefix));
    ObjectNode response = JSON.createObjectNode();
    response.put("SessionId", id);
    return response;
  }

  private synchronized JsonNode getFaceLivenessSessionResults(JsonNode request) {
    String id = request.path("SessionId").asString("");
    if (!SESSION_ID.matcher(id).matches()) {
      throw invalid("SessionId must be a 36-character UUID");
    }
    LiveSession session = livenessSessions.get(id);
    if (session == null) {
      throw new RekognitionError(400, "SessionNotFoundException", "Session not found");
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("SessionId", id);
    response.put("Status", session.status);
    if (session.confidence != null) {
      response.put("Confidence", session.confidence.floatValue());
    }
    if ("SUCCEEDED".equals(session.status) && session.reference != null) {
      response.set("ReferenceImage", auditImage(session, id, "reference", session.reference));
      ArrayNode audits = response.putArray("AuditImages");
      int n = 0;
      for (FaceImage audit : session.audits) {
        audits.add(auditImage(session, id, "audit-" + (++n), audit));
      }
    }
    return response;
  }

  /** An {@code AuditImage}: bytes, or an S3 object the image was written to, with its face's box. */
  private ObjectNode auditImage(LiveSession session, String id, String name, FaceImage image) {
    ObjectNode node = JSON.createObjectNode();
    List<DetectedFace> faces = detect(image);
    node.set("BoundingBox", box(faces.isEmpty() ? BoundingBox.of(0.25, 0.2, 0.5, 0.6) : faces.get(0).box()));
    if (session.outputBucket == null) {
      node.put("Bytes", Base64.getEncoder().encodeToString(image.bytes()));
    } else {
      String key = session.outputPrefix + id + "/" + name + ".jpg";
      livenessS3Writer.put(session.outputBucket, key, image.bytes());
      ObjectNode object = node.putObject("S3Object");
      object.put("Bucket", session.outputBucket);
      object.put("Name", key);
    }
    return node;
  }

  private static RekognitionError invalid(String message) {
    return new RekognitionError(400, "InvalidParameterException", message);
  }

  private static ObjectNode box(BoundingBox box) {
    ObjectNode node = JSON.createObjectNode();
    node.put("Width", (float) box.width());
    node.put("Height", (float) box.height());
    node.put("Left", (float) box.left());
    node.put("Top", (float) box.top());
    return node;
  }

  private static ObjectNode faceDetail(DetectedFace face, Set<String> asked) {
    boolean all = asked.contains("ALL");
    ObjectNode node = JSON.createObjectNode();
    node.set("BoundingBox", box(face.box()));
    node.put("Confidence", (float) (face.confidence().getAsDouble() * 100));
    ObjectNode quality = node.putObject("Quality");
    face.brightness().ifPresent(b -> quality.put("Brightness", (float) (b * 100)));
    face.sharpness().ifPresent(s -> quality.put("Sharpness", (float) (s * 100)));
    face.pose()
        .ifPresent(
            p -> {
              ObjectNode pose = node.putObject("Pose");
              pose.put("Yaw", (float) p.yaw());
              pose.put("Pitch", (float) p.pitch());
              pose.put("Roll", (float) p.roll());
            });
    node.putArray("Landmarks");
    if (all || asked.contains("EYES_OPEN")) {
      face.eyesOpen().ifPresent(a -> node.set("EyesOpen", attribute(a)));
    }
    if (all || asked.contains("SUNGLASSES")) {
      face.sunglasses().ifPresent(a -> node.set("Sunglasses", attribute(a)));
    }
    if (all || asked.contains("FACE_OCCLUDED")) {
      face.occluded().ifPresent(a -> node.set("FaceOccluded", attribute(a)));
    }
    return node;
  }

  private static ObjectNode attribute(FaceAttribute attribute) {
    ObjectNode node = JSON.createObjectNode();
    node.put("Value", attribute.value());
    attribute.confidence().ifPresent(c -> node.put("Confidence", (float) (c * 100)));
    return node;
  }

  private static ObjectNode faceJson(Face face) {
    ObjectNode node = JSON.createObjectNode();
    node.put("FaceId", face.faceId);
    node.set("BoundingBox", box(face.detected.box()));
    node.put("ImageId", face.imageId);
    if (face.externalImageId != null) {
      node.put("ExternalImageId", face.externalImageId);
    }
    node.put("Confidence", (float) (face.detected.confidence().getAsDouble() * 100));
    node.put("IndexFacesModelVersion", MODEL_VERSION);
    if (face.userId != null) {
      node.put("UserId", face.userId);
    }
    return node;
  }

  private static final class Collection {
    final String id;
    final Instant created = Instant.now();
    final Map<String, String> tags = new LinkedHashMap<>();
    final InMemoryFaceIndex index;
    final Map<String, Face> faces = new LinkedHashMap<>();
    final Map<String, User> users = new LinkedHashMap<>();
    int sequence;

    Collection(String id) {
      this.id = id;
      this.index = InMemoryFaceIndex.builder().collectionId(id).build();
    }
  }

  private static final class Face {
    final String faceId;
    final String imageId;
    final String externalImageId;
    final UserId owner;
    final DetectedFace detected;
    final FaceImage image;
    String userId;

    Face(
        String faceId,
        String imageId,
        String externalImageId,
        UserId owner,
        DetectedFace detected,
        FaceImage image) {
      this.faceId = faceId;
      this.imageId = imageId;
      this.externalImageId = externalImageId;
      this.owner = owner;
      this.detected = detected;
      this.image = image;
    }
  }

  private static final class User {
    final String userId;
    final Set<String> faceIds = new LinkedHashSet<>();
    String token;

    User(String userId) {
      this.userId = userId;
    }
  }

  private record ScriptedError(int status, String type) {}

  /** An error the endpoint answers with: HTTP status, {@code __type} and message. */
  private static final class RekognitionError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;
    final boolean constraint;

    RekognitionError(int status, String type, String message) {
      this(status, type, message, CONSTRAINTS.contains(type));
    }

    RekognitionError(int status, String type, String message, boolean constraint) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
      this.constraint = constraint;
    }
  }

  /** Error types that mean a request broke the API's constraints (recorded as rejections). */
  private static final Set<String> CONSTRAINTS =
      Set.of(
          "InvalidParameterException",
          "SerializationException",
          "UnknownOperationException",
          "UnrecognizedClientException",
          "ImageTooLargeException",
          "InvalidImageFormatException");
}
