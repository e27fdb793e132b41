package io.github.idvkit.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Adds a fixed service latency to every HTTP attempt of an AWS SDK client, on the calling thread,
 * just before the request is sent; and counts the attempts and request bytes per service.
 *
 * <p>Why in the client: a remote service's latency is time the caller's thread spends waiting, and
 * that is what this is. It costs no CPU and holds no server thread, as waiting on a real service
 * holds none of ours. The same interceptor sits on the tutorial's clients and on idv's, so both pay
 * the same per call. (The local Rekognition endpoint has no latency hook of its own and serves
 * with four threads; a sleep there would cap concurrency at four, which AWS does not.)
 */
final class ServiceLatency implements ExecutionInterceptor {

  private final Map<String, Long> nanosByService;
  private final Map<String, LongAdder> attempts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();

  /**
   * Creates the interceptor.
   *
   * @param latencyByService latency per SDK service name ({@code Rekognition}, {@code S3}, {@code
   *     DynamoDb}); services not named get none
   */
  ServiceLatency(Map<String, Duration> latencyByService) {
    Map<String, Long> nanos = new ConcurrentHashMap<>();
    latencyByService.forEach((service, latency) -> nanos.put(service, latency.toNanos()));
    this.nanosByService = Map.copyOf(nanos);
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    attempts.computeIfAbsent(service, k -> new LongAdder()).increment();
    long length =
        context
            .httpRequest()
            .firstMatchingHeader("Content-Length")
            .map(Long::parseLong)
            .orElseGet(() -> context.requestBody().flatMap(b -> b.optionalContentLength()).orElse(0L));
    bytes.computeIfAbsent(service, k -> new LongAdder()).add(length);
    long nanos = nanosByService.getOrDefault(service, 0L);
    if (nanos > 0) {
      sleep(nanos);
    }
  }

  /** Returns the attempts and request bytes per service, and resets them. */
  Traffic drain() {
    Map<String, Long> a = new ConcurrentHashMap<>();
    Map<String, Long> b = new ConcurrentHashMap<>();
    attempts.forEach((service, count) -> a.put(service, count.sumThenReset()));
    bytes.forEach((service, count) -> b.put(service, count.sumThenReset()));
    return new Traffic(Map.copyOf(a), Map.copyOf(b));
  }

  private static void sleep(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        // A CONCURRENT flow cancels steps it no longer needs; end the wait, keep the flag.
        Thread.currentThread().interrupt();
        return;
      }
      left = deadline - System.nanoTime();
    }
  }

  /** Attempts and request bytes per SDK service name. */
  record Traffic(Map<String, Long> attempts, Map<String, Long> bytes) {
    long attempts(String service) {
      return attempts.getOrDefault(service, 0L);
    }

    long bytes(String service) {
      return bytes.getOrDefault(service, 0L);
    }

    long totalBytes() {
      return bytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
