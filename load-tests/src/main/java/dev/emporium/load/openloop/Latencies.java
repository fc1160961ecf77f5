package dev.emporium.load.openloop;

import dev.emporium.load.report.LatencySummary;
import java.util.Arrays;

/**
 * Every latency of one kind of outcome, in nanoseconds, kept exactly (a 60 s drill at 6,000/s is 360,000
 * longs, under 3 MiB) so percentiles are nearest-rank values some request actually had.
 */
final class Latencies {

    private long[] values = new long[1024];
    private int count;

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** Nearest-rank percentile in milliseconds; 0 when empty. */
    double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return LatencySummary.percentile(sorted, p) / 1e6;
    }

    /** "n p50 p99 p99.9 max" as a readable line, milliseconds with two decimals. */
    String describe() {
        if (count == 0) {
            return "0";
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return String.format(
                "%d   p50 %.2f ms   p99 %.2f ms   p99.9 %.2f ms   max %.2f ms",
                count,
                LatencySummary.percentile(sorted, 50) / 1e6,
                LatencySummary.percentile(sorted, 99) / 1e6,
                LatencySummary.percentile(sorted, 99.9) / 1e6,
                sorted[count - 1] / 1e6);
    }

    void addAllTo(Latencies other) {
        for (int i = 0; i < count; i++) {
            other.add(values[i]);
        }
    }
}
