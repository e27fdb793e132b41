package io.github.idvkit.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The local AWS servers of idv-aws's tests, for the benchmarks: the {@link RekognitionEndpoint}
 * (backed by the testkit fakes, reading {@code S3Object} images from s3proxy), s3proxy ({@link
 * LocalS3Extension}) and dynalite ({@link DynaliteExtension}), all on loopback.
 *
 * <p>It is test code of idv-aws, published in its test-jar next to those package-private classes,
 * so the benchmarks module uses it through the test-jar and puts nothing into idv-aws's package. The two JUnit extensions are started the way JUnit would start them, with
 * a minimal {@link ExtensionContext} whose store is closed by {@link #close()}, so their code is
 * used as it is, not copied.
 *
 * <p>The clients it builds are configured like {@link TestClients}' (url-connection-client, static
 * credentials, us-east-1; no retries, except S3's three fast attempts as in {@link
 * LocalS3Extension#client()}), plus the given interceptors.
 */
public final class LocalAwsServers implements AutoCloseable {

  private final Map<Object, Object> store = Collections.synchronizedMap(new LinkedHashMap<>());
  private final LocalS3Extension s3 = new LocalS3Extension();
  private final DynaliteExtension dynamo = new DynaliteExtension();
  private final S3Client endpointS3;
  private final RekognitionEndpoint rekognition;

  private LocalAwsServers() {
    ExtensionContext context = context();
    start(s3, context);
    start(dynamo, context);
    endpointS3 = TestClients.s3(s3.endpoint(), TestClients.noRetries());
    rekognition = RekognitionEndpoint.start(this::readS3);
  }

  /**
   * Starts the three servers. dynalite's {@code cli.js} comes from the system property {@code
   * idv.dynalite.cli}.
   *
   * @return the running servers
   */
  public static LocalAwsServers start() {
    return new LocalAwsServers();
  }

  /** Returns the name of the system property that locates dynalite's {@code cli.js}. */
  public static String dynaliteCliProperty() {
    return DynaliteExtension.CLI_PROPERTY;
  }

  /** Returns the Rekognition endpoint, {@code http://127.0.0.1:<port>}. */
  public URI rekognitionEndpoint() {
    return rekognition.endpoint();
  }

  /** Returns the s3proxy endpoint. */
  public URI s3Endpoint() {
    return s3.endpoint();
  }

  /** Returns the dynalite endpoint. */
  public URI dynamoDbEndpoint() {
    return dynamo.endpoint();
  }

  /** Returns the requests (attempts) per Rekognition operation since the last reset. */
  public Map<String, Integer> rekognitionCalls() {
    return rekognition.callCounts();
  }

  /** Forgets the Rekognition call counts and request bodies (not the collections). */
  public void resetRekognitionCalls() {
    rekognition.resetCalls();
  }

  /** Returns the pid of the dynalite process (a child of this JVM running node), if found. */
  public Optional<Long> dynalitePid() {
    return ProcessHandle.current()
        .children()
        .filter(p -> p.info().commandLine().orElse("").contains("dynalite"))
        .map(ProcessHandle::pid)
        .findFirst();
  }

  /** Returns a new Rekognition client with the interceptors; the caller closes it. */
  public RekognitionClient rekognitionClient(List<ExecutionInterceptor> interceptors) {
    return RekognitionClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(rekognition.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(TestClients.credentials())
        .overrideConfiguration(override(TestClients.noRetries(), interceptors))
        .build();
  }

  /** Returns a new S3 client with the interceptors; the caller closes it. */
  public S3Client s3Client(List<ExecutionInterceptor> interceptors) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .serviceConfiguration(TestClients.s3Configuration())
        .region(Region.US_EAST_1)
        .credentialsProvider(TestClients.credentials())
        .overrideConfiguration(override(TestClients.noRetries(), interceptors))
        .build();
  }

  /** Returns a new DynamoDB client with the interceptors; the caller closes it. */
  public DynamoDbClient dynamoDbClient(List<ExecutionInterceptor> interceptors) {
    return DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(dynamo.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(TestClients.credentials())
        .overrideConfiguration(override(TestClients.noRetries(), interceptors))
        .build();
  }

  private static ClientOverrideConfiguration override(
      RetryStrategy retries, List<ExecutionInterceptor> interceptors) {
    return TestClients.override(retries).toBuilder().executionInterceptors(interceptors).build();
  }

  private Optional<byte[]> readS3(String bucket, String key) {
    try {
      return Optional.of(
          endpointS3
              .getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
              .asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    rekognition.close();
    endpointS3.close();
    List<Object> values;
    synchronized (store) {
      values = new ArrayList<>(store.values());
      store.clear();
    }
    Collections.reverse(values);
    for (Object value : values) {
      if (value instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          System.err.println("Could not stop a local server: " + e);
        }
      }
    }
  }

  private static void start(BeforeAllCallback extension, ExtensionContext context) {
    try {
      extension.beforeAll(context);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start " + extension.getClass().getSimpleName(), e);
    }
  }

  /**
   * A root {@link ExtensionContext} whose only working part is the store the extensions keep their
   * servers in ({@code getRoot().getStore(..).computeIfAbsent(..)}).
   */
  private ExtensionContext context() {
    Object storeProxy =
        Proxy.newProxyInstance(
            ExtensionContext.Store.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.Store.class},
            this::storeCall);
    ExtensionContext[] self = new ExtensionContext[1];
    InvocationHandler handler =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "getRoot" -> self[0];
              case "getStore" -> storeProxy;
              case "toString" -> "benchmark root context";
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default ->
                  throw new UnsupportedOperationException(
                      "Not available outside JUnit: ExtensionContext." + method.getName());
            };
    self[0] =
        (ExtensionContext)
            Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                handler);
    return self[0];
  }

  @SuppressWarnings("unchecked")
  private Object storeCall(Object proxy, Method method, Object[] args) {
    String name = method.getName();
    if ((name.equals("computeIfAbsent") || name.equals("getOrComputeIfAbsent"))
        && args != null
        && args.length >= 2
        && args[1] instanceof Function<?, ?>) {
      Function<Object, Object> creator = (Function<Object, Object>) args[1];
      synchronized (store) {
        return store.computeIfAbsent(args[0], creator);
      }
    }
    return switch (name) {
      case "get" -> store.get(args[0]);
      case "put" -> store.put(args[0], args[1]);
      case "remove" -> store.remove(args[0]);
      case "toString" -> "benchmark store";
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default ->
          throw new UnsupportedOperationException(
              "Not available outside JUnit: ExtensionContext.Store." + name);
    };
  }
}
