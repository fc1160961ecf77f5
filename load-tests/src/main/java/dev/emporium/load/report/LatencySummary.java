package dev.emporium.load.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latency and throughput of a set of requests, successful and failed alike (a failure that took 2 s
 * still kept a user waiting 2 s).
 *
 * <p>Percentiles use the nearest-rank definition on the exact sorted latencies, with no
 * interpolation and no histogram approximation: p99 of 100 samples is the 99th smallest, and every
 * reported value is a latency that some request actually had.
 *
 * @param throughput requests per second over {@code seconds}, the wall-clock window they ran in
 */
public record LatencySummary(
        long count, long failures, long p50, long p95, long p99, long max, double mean, double throughput) {

    public static LatencySummary of(Collection<RequestSample> requests, double seconds) {
        long[] latencies =
                requests.stream().mapToLong(RequestSample::latency).sorted().toArray();
        long failures = requests.stream().filter(request -> !request.ok()).count();
        if (latencies.length == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(
                latencies.length,
                failures,
                percentile(latencies, 50),
                percentile(latencies, 95),
                percentile(latencies, 99),
                latencies[latencies.length - 1],
                Arrays.stream(latencies).average().orElse(0),
                seconds > 0 ? latencies.length / seconds : 0);
    }

    /** Nearest-rank percentile of an ascending array: the smallest value with at least p% of values at or below it. */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (p <= 0) {
            return sorted[0];
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    public double errorRate() {
        return count == 0 ? 0 : (double) failures / count;
    }
}
