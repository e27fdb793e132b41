package io.github.idvkit.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples the stacks of the threads that run flows (the callers and idv's executor) and files each
 * running sample under the activity of its innermost recognisable frame. A cheap sampling profiler
 * for "where does the client's CPU go"; it stops the world at every sample, so it runs in a window
 * of its own, never in a measured one.
 */
final class StackSampler {

  /**
   * {@code class.method} prefix → activity. Frames are read from the innermost out; the first frame
   * that any rule matches decides, by the first rule that matches it.
   */
  private static final List<String[]> RULES =
      List.of(
          new String[] {"jdk.internal.misc.Unsafe.unpark", "thread hand-off (executor)"},
          new String[] {"java.util.concurrent.SynchronousQueue", "thread hand-off (executor)"},
          new String[] {"java.util.concurrent.FutureTask", "thread hand-off (executor)"},
          new String[] {"java.util.concurrent.ThreadPoolExecutor", "thread hand-off (executor)"},
          new String[] {"java.util.Base64", "base64 of image bytes"},
          new String[] {"software.amazon.awssdk.http.auth", "SigV4 signing"},
          new String[] {"software.amazon.awssdk.auth", "SigV4 signing"},
          new String[] {"software.amazon.awssdk.checksums", "SigV4 signing"},
          new String[] {"sun.security.provider", "SigV4 signing"},
          new String[] {"javax.crypto", "SigV4 signing"},
          new String[] {"com.sun.crypto", "SigV4 signing"},
          new String[] {"software.amazon.awssdk.thirdparty.jackson", "JSON (un)marshalling"},
          new String[] {"software.amazon.awssdk.protocols", "JSON (un)marshalling"},
          new String[] {"software.amazon.awssdk.http.urlconnection", "HTTP client (url-connection)"},
          new String[] {"sun.net.www", "HTTP client (url-connection)"},
          new String[] {"java.net", "HTTP client (url-connection)"},
          new String[] {"sun.nio", "HTTP client (url-connection)"},
          new String[] {"javax.imageio", "image decode/encode"},
          new String[] {"com.sun.imageio", "image decode/encode"},
          new String[] {"java.util.zip", "image decode/encode"},
          new String[] {"sun.awt.image", "image decode/encode"},
          new String[] {"java.awt.image", "image decode/encode"},
          new String[] {"io.github.idvkit.internal.image", "image decode/encode"},
          new String[] {"io.github.idvkit.aws", "idv-aws (mapping)"},
          new String[] {"io.github.idvkit.benchmarks", "benchmark (latency injection, load loop)"},
          new String[] {"io.github.idvkit", "idv core"},
          new String[] {"software.amazon.awssdk.enhanced", "SDK: DynamoDB enhanced client"},
          new String[] {"software.amazon.awssdk.services", "SDK: generated client, model, endpoint rules"},
          new String[] {"software.amazon.awssdk.core", "SDK: request pipeline"},
          new String[] {"software.amazon.awssdk.awscore", "SDK: request pipeline"},
          new String[] {"software.amazon.awssdk.http", "SDK: HTTP request and response objects"},
          new String[] {"software.amazon.awssdk.utils", "SDK: utilities (copies, settings)"},
          new String[] {"software.amazon.awssdk", "SDK: other"});

  /** Frames that mean the thread waits for the kernel (a socket read, a poll), not computes. */
  private static final List<String> WAITING =
      List.of("java.net.SocketInputStream.socketRead0", "sun.nio.ch.SocketDispatcher.read0",
          "sun.nio.ch.Net.poll", "java.net.PlainSocketImpl.socketAccept", "sun.nio.ch.NioSocketImpl.park",
          "java.lang.Thread.sleep", "jdk.internal.misc.Unsafe.park", "java.lang.Object.wait");

  private StackSampler() {}

  /** Samples for {@code duration}; returns the share of running samples per activity, largest first. */
  static Map<String, Double> sample(Duration duration) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Integer> counts = new TreeMap<>();
    int running = 0;
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      for (ThreadInfo info : threads.dumpAllThreads(false, false, 64)) {
        String name = info.getThreadName();
        if (!(name.startsWith("load-") || name.startsWith("idv-flow-"))
            || info.getThreadState() != Thread.State.RUNNABLE
            || info.getStackTrace().length == 0) {
          continue;
        }
        StackTraceElement top = info.getStackTrace()[0];
        String topName = top.getClassName() + "." + top.getMethodName();
        if (WAITING.stream().anyMatch(topName::startsWith)) {
          continue;
        }
        running++;
        counts.merge(activity(info.getStackTrace()), 1, Integer::sum);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int total = Math.max(1, running);
    Map<String, Double> shares = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> shares.put(e.getKey(), (double) e.getValue() / total));
    return shares;
  }

  private static String activity(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String method = frame.getClassName() + "." + frame.getMethodName();
      for (String[] rule : RULES) {
        if (method.startsWith(rule[0])) {
          return rule[1];
        }
      }
    }
    return "other JDK";
  }
}
