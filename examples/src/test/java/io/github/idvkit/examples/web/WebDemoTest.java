package io.github.idvkit.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's guards, checked over plain HTTP: same origin, session token, host names, sizes. */
class WebDemoTest {

  private static WebDemo demo;
  private static HttpClient http;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    demo = WebDemo.start(0);
    http = HttpClient.newHttpClient();
    base = "http://localhost:" + demo.port();
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void page_isServedLocally_withATokenAStrictCookieAndACsp() throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).containsPattern("name=\"csrf-token\" content=\"[0-9a-f]{48}\"")
        .doesNotContain("https://").doesNotContain("http://");
    assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
        .contains("HttpOnly").contains("SameSite=Strict");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'").contains("script-src 'self'");
  }

  @Test
  void api_withoutTheSessionToken_isForbidden() throws Exception {
    Session s = session();

    assertThat(post(s, "/api/forget", "userId=a", base, "wrong").statusCode()).isEqualTo(403);
    assertThat(post(s, "/api/forget", "userId=a", "http://evil.example", s.token).statusCode()).isEqualTo(403);
    assertThat(post(new Session("", s.token), "/api/forget", "userId=a", base, s.token).statusCode())
        .isEqualTo(403);
    assertThat(post(s, "/api/forget", "userId=a", base, s.token).statusCode()).isEqualTo(200);
  }

  @Test
  void api_refusesBodiesOverTheLimit_andImagesThatAreNotImages() throws Exception {
    Session s = session();
    String tooLarge;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), demo.port())) {
      // Announce a body over the limit: refused from the headers, before a byte of it is read.
      socket.getOutputStream().write(("POST /api/login HTTP/1.1\r\nHost: localhost:" + demo.port()
          + "\r\nOrigin: " + base + "\r\nCookie: " + s.cookie + "\r\nX-CSRF-Token: " + s.token
          + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
          + (WebDemo.MAX_BODY_BYTES + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      tooLarge = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
    HttpResponse<String> notAnImage = post(s, "/api/login", "userId=a&selfie=aGVsbG8%3D", base, s.token);

    assertThat(tooLarge).isEqualTo("HTTP/1.1 413");
    assertThat(notAnImage.statusCode()).isEqualTo(400);
    assertThat(notAnImage.body()).doesNotContain("aGVsbG8");
  }

  @Test
  void otherHostNames_areRefused_againstDnsRebinding() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), demo.port())) {
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: rebound.example:" + demo.port()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(response).startsWith("HTTP/1.1 421").doesNotContain("csrf-token");
    }
  }

  private record Session(String cookie, String token) {}

  private static Session session() throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("content=\"([0-9a-f]{48})\"").matcher(page.body());
    assertThat(m.find()).isTrue();
    String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    return new Session(cookie, m.group(1));
  }

  private static HttpResponse<String> post(Session s, String path, String body, String origin, String token)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", origin)
        .header("X-CSRF-Token", token)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!s.cookie.isEmpty()) {
      request.header("Cookie", s.cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
