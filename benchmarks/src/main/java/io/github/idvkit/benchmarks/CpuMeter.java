package io.github.idvkit.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CPU goes: CPU time of this JVM's threads grouped by what they do, the JVM's own (GC,
 * JIT: the process total less its threads), dynalite's node process, and the rest of the machine.
 */
final class CpuMeter {

  static final String CALLERS = "callers: idv core + SDK clients";
  static final String FLOW_THREADS = "idv executor: SDK clients";
  static final String ENDPOINT = "Rekognition endpoint (fakes, JSON)";
  static final String S3PROXY = "s3proxy";
  static final String OTHER_THREADS = "other JVM threads";
  static final String VM = "GC, JIT and VM";
  static final String DYNALITE = "dynalite (node)";
  static final String MACHINE_OTHER = "other processes";

  private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Optional<Long> dynalitePid;

  CpuMeter(Optional<Long> dynalitePid) {
    this.dynalitePid = dynalitePid;
    if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
  }

  /** A reading of every counter. */
  record Sample(Map<Long, Long> threadCpu, Map<Long, String> threadGroup, long processCpu, long dynaliteCpu,
      long machineBusy, long wallNanos) {}

  Sample sample() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> group = new HashMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long time = THREADS.getThreadCpuTime(ids[i]);
      if (time >= 0 && infos[i] != null) {
        cpu.put(ids[i], time);
        group.put(ids[i], group(infos[i].getThreadName()));
      }
    }
    return new Sample(cpu, group, processCpu(), dynalitePid.map(CpuMeter::procCpu).orElse(0L),
        machineBusy(), System.nanoTime());
  }

  /** CPU nanoseconds per group between two samples, in a stable order. */
  static Map<String, Long> between(Sample a, Sample b) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String g : new String[] {CALLERS, FLOW_THREADS, ENDPOINT, S3PROXY, OTHER_THREADS, VM, DYNALITE,
        MACHINE_OTHER}) {
      out.put(g, 0L);
    }
    long threads = 0;
    for (Map.Entry<Long, Long> e : b.threadCpu().entrySet()) {
      long delta = e.getValue() - a.threadCpu().getOrDefault(e.getKey(), 0L);
      if (delta > 0) {
        out.merge(b.threadGroup().get(e.getKey()), delta, Long::sum);
        threads += delta;
      }
    }
    long process = b.processCpu() - a.processCpu();
    out.put(VM, Math.max(0, process - threads));
    long dynalite = b.dynaliteCpu() - a.dynaliteCpu();
    out.put(DYNALITE, dynalite);
    out.put(MACHINE_OTHER, Math.max(0, b.machineBusy() - a.machineBusy() - process - dynalite));
    return out;
  }

  private static String group(String thread) {
    if (thread.startsWith("load-")) {
      return CALLERS;
    }
    if (thread.startsWith("idv-flow-")) {
      return FLOW_THREADS;
    }
    if (thread.startsWith("rekognition-endpoint") || thread.startsWith("HTTP-Dispatcher")) {
      return ENDPOINT;
    }
    if (thread.startsWith("qtp") || thread.toLowerCase().contains("s3proxy") || thread.contains("Scheduler")) {
      return S3PROXY;
    }
    return OTHER_THREADS;
  }

  private static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** utime + stime of a process, from /proc; 0 if unreadable. */
  private static long procCpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * CLOCK_TICK_NANOS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Busy CPU time of the whole machine (all CPUs, not idle or iowait), from /proc/stat. */
  private static long machineBusy() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * CLOCK_TICK_NANOS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The 1-minute load average. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return Report.f("%.2f", load);
    }
  }
}
