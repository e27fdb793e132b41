/**
 * The benchmark harness of idv: latency, calls, throughput and CPU of idv's flows side by side
 * with the AWS tutorial's flow on local AWS servers, idv's own CPU cost (JMH), image normalisation
 * and the offline engine. Not API; never deployed. Entry point: {@link
 * io.github.idvkit.benchmarks.BenchmarkMain}; results and method: {@code docs/BENCHMARKS.md}.
 */
@NullMarked
package io.github.idvkit.benchmarks;

import org.jspecify.annotations.NullMarked;
