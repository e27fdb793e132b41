package io.github.idvkit.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs s3proxy in the test JVM, once per JVM, on a loopback port with the {@code transient}
 * (in-memory) backend and SigV4 checked against {@link TestClients}' credentials (test-infra.md
 * §8.3, G8, G14).
 *
 * <pre>{@code
 * @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();
 * S3Client client = S3.client();
 * }</pre>
 */
final class LocalS3Extension implements BeforeAllCallback {

  private Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .computeIfAbsent(Server.class, k -> Server.start(), Server.class);
  }

  /** Returns the endpoint, {@code http://127.0.0.1:<port>}. */
  URI endpoint() {
    return server.endpoint;
  }

  /**
   * Returns a new client signing with the test credentials, without retries; the caller closes it.
   * It uploads plain bodies ({@link TestClients#s3Configuration()}), which s3proxy reads whole
   * before it answers, so no connection is left half-read.
   */
  S3Client client() {
    return TestClients.s3(endpoint(), TestClients.noRetries());
  }

  /** The in-process s3proxy; closed by JUnit when the root context closes. */
  static final class Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final URI endpoint;

    private Server(S3Proxy proxy, URI endpoint) {
      this.proxy = proxy;
      this.endpoint = endpoint;
    }

    static Server start() {
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(BlobStores.create("transient", new Properties()))
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(
                  AuthenticationType.AWS_V2_OR_V4, TestClients.ACCESS_KEY, TestClients.SECRET_KEY)
              .stopTimeout(0)
              .build();
      try {
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
          }
          Thread.sleep(10);
        }
      } catch (Exception e) {
        throw new IllegalStateException("Could not start s3proxy", e);
      }
      return new Server(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    @Override
    public void close() throws Exception {
      proxy.stop();
    }
  }
}
