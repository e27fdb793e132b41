package io.github.idvkit.examples.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.idvkit.BoundingBox;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.IdvException;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.LoginResult;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.local.LocalIdentityVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The browser demo: a page on {@code http://localhost:8080/} that takes a selfie from the webcam
 * (or a file) and an ID photo, and registers, logs in, identifies and forgets on the offline
 * provider. No account, no network; the page and its script are served from this jar.
 *
 * <pre>
 * ./mvnw -q -pl examples -am package exec:java -Dexec.mainClass=io.github.idvkit.examples.web.WebDemo \
 *     -Dmaven.test.skip -Dmaven.javadoc.skip -Dmaven.source.skip
 * </pre>
 *
 * <p>What it does for safety: listens on the loopback interface only and answers only to {@code
 * localhost}/{@code 127.0.0.1} host names (no DNS rebinding); every API call needs the page's
 * origin and the per-session token the page was served with (CSRF); bodies over {@value
 * #MAX_BODY_BYTES} bytes and images over {@value #MAX_IMAGE_BYTES} bytes are refused before
 * decoding; images are never logged and are stored only in a fresh data directory that is deleted
 * when the demo stops. A content security policy allows nothing but this origin.
 */
public final class WebDemo implements AutoCloseable {

  /** The largest request body accepted: two images as base64 plus the form. */
  public static final int MAX_BODY_BYTES = 12 * 1024 * 1024;

  /** The largest image accepted, after base64 decoding. */
  public static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;

  private static final String RESOURCES = "/io/github/idvkit/examples/web/";
  private static final String COOKIE = "idv_demo";
  private static final int MAX_SESSIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final ExecutorService executor;
  private final IdentityVerifier verifier;
  private final FaceBoxes boxes = new FaceBoxes();
  private final Map<String, String> sessions = new ConcurrentHashMap<>();
  private final @Nullable Path ownedDirectory;

  private WebDemo(int port, Path dataDirectory, boolean ownsDirectory) throws IOException {
    this.ownedDirectory = ownsDirectory ? dataDirectory : null;
    VerificationPolicy policy =
        LocalIdentityVerifier.calibratedPolicy().toBuilder().identificationEnabled(true).build();
    this.verifier =
        LocalIdentityVerifier.builder()
            .dataDirectory(dataDirectory)
            .policy(policy)
            .decoratePorts(boxes)
            .build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    this.executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts the demo on a fresh temporary data directory, deleted by {@link #close()}.
   *
   * @param port the port, or 0 for a free one
   * @return the running demo
   * @throws IOException if the port or the directory cannot be had
   */
  public static WebDemo start(int port) throws IOException {
    return new WebDemo(port, Files.createTempDirectory("idv-web-demo"), true);
  }

  /**
   * Returns the port the demo listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server, closes the verifier and deletes the demo's data directory. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    verifier.close();
    if (ownedDirectory != null) {
      try (Stream<Path> files = Files.walk(ownedDirectory)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Runs the demo until the process is stopped.
   *
   * @param args an optional port, 8080 by default
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    WebDemo demo = start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close));
    System.out.println("idv web demo on http://localhost:" + demo.port() + "/  (Ctrl+C stops it and erases its data)");
    Thread.currentThread().join();
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      securityHeaders(exchange.getResponseHeaders());
      if (!allowedHost(exchange)) {
        send(exchange, 421, "text/plain", "Use http://localhost:" + port() + "/");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.startsWith("/api/")) {
        if (!"POST".equals(method)) {
          send(exchange, 405, "text/plain", "POST only");
          return;
        }
        api(exchange, path.substring("/api/".length()));
        return;
      }
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        send(exchange, 405, "text/plain", "GET only");
        return;
      }
      switch (path) {
        case "/", "/index.html" -> page(exchange);
        case "/app.js" -> send(exchange, 200, "text/javascript; charset=utf-8", resource("app.js"));
        case "/app.css" -> send(exchange, 200, "text/css; charset=utf-8", resource("app.css"));
        default -> send(exchange, 404, "text/plain", "Not found");
      }
    } catch (RuntimeException e) {
      // Nothing of the request (and never an image) goes to the log; the message is safe to show.
      send(exchange, 500, "application/json", "{\"error\":" + Json.string("Unexpected error: " + e.getClass().getSimpleName()) + "}");
    }
  }

  private static void securityHeaders(Headers h) {
    h.set("Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:;"
            + " media-src 'self' blob: mediastream:; connect-src 'self'; frame-ancestors 'none';"
            + " base-uri 'none'; form-action 'none'");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
    h.set("Permissions-Policy", "camera=(self), microphone=()");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
  }

  private boolean allowedHost(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host != null
        && (host.equals("localhost:" + port()) || host.equals("127.0.0.1:" + port()));
  }

  private void page(HttpExchange exchange) throws IOException {
    String session = session(exchange).orElse(null);
    if (session == null || !sessions.containsKey(session)) {
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.clear();
      }
      session = token();
      sessions.put(session, token());
      exchange.getResponseHeaders().add("Set-Cookie",
          COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
    }
    String html = resource("index.html").replace("{{csrf}}", sessions.get(session));
    send(exchange, 200, "text/html; charset=utf-8", html);
  }

  private void api(HttpExchange exchange, String action) throws IOException {
    Headers in = exchange.getRequestHeaders();
    String origin = in.getFirst("Origin");
    String expectedOrigin = "http://" + in.getFirst("Host");
    String token = session(exchange).map(sessions::get).orElse(null);
    if (origin == null || !origin.equals(expectedOrigin)
        || token == null || !sameToken(token, in.getFirst("X-CSRF-Token"))) {
      send(exchange, 403, "application/json", "{\"error\":\"Forbidden: reload the page\"}");
      return;
    }
    String length = in.getFirst("Content-Length");
    if (length != null && Long.parseLong(length) > MAX_BODY_BYTES) {
      send(exchange, 413, "application/json", "{\"error\":\"Too large: images up to 5 MB\"}");
      return;
    }
    byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
    if (body == null) {
      send(exchange, 413, "application/json", "{\"error\":\"Too large: images up to 5 MB\"}");
      return;
    }
    Map<String, String> form = form(new String(body, StandardCharsets.US_ASCII));
    try {
      boxes.reset();
      String json = switch (action) {
        case "register" -> register(form);
        case "login" -> login(form);
        case "identify" -> identify(form);
        case "forget" -> forget(form);
        default -> null;
      };
      if (json == null) {
        send(exchange, 404, "application/json", "{\"error\":\"No such action\"}");
      } else {
        send(exchange, 200, "application/json", json);
      }
    } catch (IllegalArgumentException | InvalidImageException e) {
      send(exchange, 400, "application/json", "{\"error\":" + Json.string(e.getMessage()) + "}");
    } catch (IdvException e) {
      send(exchange, 502, "application/json", "{\"error\":" + Json.string(e.getMessage()) + "}");
    } finally {
      boxes.reset();
    }
  }

  private String register(Map<String, String> form) {
    UserId user = userId(form);
    FaceImage selfie = image(form, "selfie").orElseThrow(() -> new IllegalArgumentException("Take a selfie first"));
    Optional<FaceImage> idPhoto = image(form, "idPhoto");
    RegisterResult r = verifier.register(req -> {
      req.userId(user).selfie(selfie);
      idPhoto.ifPresent(req::idPhoto);
    });
    VerificationPolicy p = verifier.policy();
    Json json = result(r.decision().name(), r.qualityIssues());
    if (r.idSimilarity().isPresent()) {
      json.score("ID photo match", r.idSimilarity().get(), p.idMatchThreshold(), true);
    }
    if (r.duplicateSimilarity().isPresent()) {
      json.score("Closest registered face", r.duplicateSimilarity().get(), p.duplicateThreshold(), false);
    }
    return json.toString();
  }

  private String login(Map<String, String> form) {
    UserId user = userId(form);
    FaceImage selfie = image(form, "selfie").orElseThrow(() -> new IllegalArgumentException("Take a selfie first"));
    LoginResult r = verifier.login(req -> req.userId(user).selfie(selfie));
    Json json = result(r.decision().name(), r.qualityIssues());
    r.similarity().ifPresent(s -> json.score("Match with the account", s, verifier.policy().loginThreshold(), true));
    return json.toString();
  }

  private String identify(Map<String, String> form) {
    FaceImage selfie = image(form, "selfie").orElseThrow(() -> new IllegalArgumentException("Take a selfie first"));
    IdentifyResult r = verifier.identify(req -> req.selfie(selfie));
    Json json = result(r.decision().name(), r.qualityIssues());
    r.similarity().ifPresent(s -> json.score("Best match", s, verifier.policy().identifyThreshold(), true));
    r.userId().ifPresent(u -> json.field("user", u.value()));
    return json.toString();
  }

  private String forget(Map<String, String> form) {
    ForgetResult r = verifier.forget(userId(form));
    String decision = r.anythingDeleted() ? "FORGOTTEN" : "NOTHING_TO_FORGET";
    return result(decision, Set.of())
        .field("erased", r.deletedFaces().size() + " face(s), " + r.deletedImages() + " image(s), "
            + r.deletedRecords() + " record(s)")
        .toString();
  }

  private Json result(String decision, Set<QualityIssue> issues) {
    Json json = new Json().field("decision", decision).field("message", Messages.decision(decision));
    json.reasons(issues.stream().sorted().filter(i -> i != QualityIssue.NOT_MEASURED).toList());
    boxes.box().ifPresent(json::box);
    return json;
  }

  private static UserId userId(Map<String, String> form) {
    String value = form.getOrDefault("userId", "").strip();
    if (value.isEmpty() || value.length() > UserId.MAX_LENGTH) {
      throw new IllegalArgumentException("Enter a user id (up to " + UserId.MAX_LENGTH + " characters)");
    }
    return UserId.of(value);
  }

  private static Optional<FaceImage> image(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    int comma = value.indexOf(',');
    String base64 = value.startsWith("data:") && comma > 0 ? value.substring(comma + 1) : value;
    if (base64.length() / 4L * 3 > MAX_IMAGE_BYTES + 3) {
      throw new IllegalArgumentException("Images up to 5 MB, please");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The " + name + " is not a readable image");
    }
    return Optional.of(FaceImage.fromBytes(bytes));
  }

  // ---------------------------------------------------------------------------------------------

  private static Optional<String> session(HttpExchange exchange) {
    List<String> cookies = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
    for (String header : cookies) {
      for (String part : header.split(";")) {
        String c = part.strip();
        if (c.startsWith(COOKIE + "=")) {
          return Optional.of(c.substring(COOKIE.length() + 1));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean sameToken(String expected, @Nullable String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
  }

  private static String token() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static byte @Nullable [] readAtMost(InputStream in, int max) throws IOException {
    byte[] body = in.readNBytes(max + 1);
    return body.length > max ? null : body;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static String resource(String name) {
    try (InputStream in = WebDemo.class.getResourceAsStream(RESOURCES + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** A small JSON object writer for the API's answers. */
  static final class Json {
    private final StringBuilder out = new StringBuilder("{");

    Json field(String name, String value) {
      sep().append(string(name)).append(':').append(string(value));
      return this;
    }

    void reasons(List<QualityIssue> issues) {
      sep().append("\"reasons\":[");
      for (int i = 0; i < issues.size(); i++) {
        out.append(i > 0 ? "," : "")
            .append("{\"code\":").append(string(issues.get(i).name()))
            .append(",\"text\":").append(string(Messages.issue(issues.get(i)))).append('}');
      }
      out.append(']');
    }

    void score(String label, Similarity score, Similarity threshold, boolean higherPasses) {
      sep().append("\"score\":{\"label\":").append(string(label))
          .append(",\"value\":").append(num(score.ratio()))
          .append(",\"threshold\":").append(num(threshold.ratio()))
          .append(",\"higherPasses\":").append(higherPasses).append('}');
    }

    void box(BoundingBox b) {
      sep().append("\"box\":{\"left\":").append(num(b.left())).append(",\"top\":").append(num(b.top()))
          .append(",\"width\":").append(num(b.width())).append(",\"height\":").append(num(b.height()))
          .append('}');
    }

    private StringBuilder sep() {
      if (out.length() > 1) {
        out.append(',');
      }
      return out;
    }

    private static String num(double v) {
      return String.format(Locale.ROOT, "%.4f", v);
    }

    static String string(@Nullable String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : String.valueOf(s).toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '<' -> b.append("\\u003c");
          default -> {
            if (c < 0x20) {
              b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.append('"').toString();
    }

    @Override
    public String toString() {
      return out + "}";
    }
  }
}
