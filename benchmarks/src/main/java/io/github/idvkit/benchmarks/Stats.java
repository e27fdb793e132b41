package io.github.idvkit.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Summary statistics of timings in milliseconds. */
record Stats(int count, double median, double p90, double mean, double min) {

  static Stats of(double[] millis) {
    if (millis.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double value : sorted) {
      sum += value;
    }
    return new Stats(
        sorted.length,
        percentile(sorted, 0.5),
        percentile(sorted, 0.9),
        sum / sorted.length,
        sorted[0]);
  }

  private static double percentile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int low = (int) Math.floor(rank);
    int high = (int) Math.ceil(rank);
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
  }

  /** {@code "median / p90"} with one decimal. */
  String medianP90() {
    return String.format(Locale.ROOT, "%.1f / %.1f", median, p90);
  }
}
