package io.github.idvkit.aws;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts dynalite (DynamoDB on Node) once per test JVM, on a free loopback port, and stops it by
 * its own process when the JVM's tests are done.
 *
 * <pre>{@code
 * @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();
 * DynamoDbClient client = DYNAMO.client();
 * }</pre>
 *
 * <p>The path to dynalite's {@code cli.js} comes from the system property {@code idv.dynalite.cli}
 * (set by Surefire); {@code npm ci --prefix test-servers} installs it. Flags follow
 * test-infra.md: {@code --createTableMs 0 --deleteTableMs 0 --updateTableMs 0} (G5), {@code --host
 * 127.0.0.1} (G14).
 */
final class DynaliteExtension implements BeforeAllCallback {

  static final String CLI_PROPERTY = "idv.dynalite.cli";

  private Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .computeIfAbsent(Server.class, k -> Server.start(), Server.class);
  }

  /** Returns the server's endpoint, {@code http://127.0.0.1:<port>}. */
  URI endpoint() {
    return server.endpoint;
  }

  /** Returns a new client without retries; the caller closes it. */
  DynamoDbClient client() {
    return TestClients.dynamoDb(endpoint(), TestClients.noRetries());
  }

  /** The dynalite process; closed by JUnit when the root context closes. */
  static final class Server implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    private Server(Process process, URI endpoint) {
      this.process = process;
      this.endpoint = endpoint;
    }

    static Server start() {
      String cli = System.getProperty(CLI_PROPERTY);
      if (cli == null || !Files.isRegularFile(Path.of(cli))) {
        throw new IllegalStateException(
            "dynalite not found at " + cli + " (system property " + CLI_PROPERTY
                + "); run npm ci in test-servers: npm ci --prefix test-servers");
      }
      IllegalStateException failure = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        ProcessBuilder builder =
            new ProcessBuilder(
                    List.of(
                        System.getProperty("idv.node", "node"),
                        cli,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--createTableMs",
                        "0",
                        "--deleteTableMs",
                        "0",
                        "--updateTableMs",
                        "0"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile()));
        Process process;
        try {
          process = builder.start();
        } catch (IOException e) {
          throw new IllegalStateException(
              "Could not start node for dynalite; is Node 20+ on the PATH?", e);
        }
        if (awaitPort(process, port, Duration.ofSeconds(15))) {
          return new Server(process, URI.create("http://127.0.0.1:" + port));
        }
        process.destroy();
        failure =
            new IllegalStateException(
                "dynalite did not open port " + port + " (see " + logFile() + ")");
      }
      throw failure;
    }

    private static File logFile() {
      File target = new File("target");
      return new File(target.isDirectory() ? target : new File("."), "dynalite.log");
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("No free loopback port", e);
      }
    }

    private static boolean awaitPort(Process process, int port, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          return false;
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
          return true;
        } catch (IOException e) {
          try {
            Thread.sleep(25);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
      }
      return false;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
