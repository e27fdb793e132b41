package io.github.idvkit.aws;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
                .redirectErrorStream(true);
        Process process;
        try {
          process = builder.start();
        } catch (IOException e) {
          throw new IllegalStateException(
              "Could not start node for dynalite; is Node 20+ on the PATH?", e);
        }
        if (awaitListening(process, port, Duration.ofSeconds(30))) {
          return new Server(process, URI.create("http://127.0.0.1:" + port));
        }
        process.destroy();
        failure =
            new IllegalStateException(
                "dynalite did not listen on port " + port + " (see " + logFile() + ")");
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

    /**
     * Waits until dynalite itself says it listens on {@code port}, copying its output to {@link
     * #logFile()}. Polling the port instead could mistake another process for ours: the free port
     * is found by closing a socket, and tests in other checkouts start dynalite at the same time,
     * so another one may take the port first (ours then exits and is started on a new port).
     */
    private static boolean awaitListening(Process process, int port, Duration timeout) {
      CompletableFuture<Boolean> listening = new CompletableFuture<>();
      String ready = "listening at: http://127.0.0.1:" + port;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                        new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer log =
                        Files.newBufferedWriter(
                            logFile().toPath(),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND)) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    log.write(line + System.lineSeparator());
                    log.flush();
                    if (line.contains(ready)) {
                      listening.complete(true);
                    }
                  }
                } catch (IOException e) {
                  // The process ended or the log is not writable: the future says what we know.
                } finally {
                  listening.complete(false);
                }
              },
              "dynalite-output-" + port);
      reader.setDaemon(true);
      reader.start();
      try {
        return listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
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
