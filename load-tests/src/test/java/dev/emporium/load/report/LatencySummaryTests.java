package dev.emporium.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTests {

    @Test
    void percentilesAreNearestRankOnOneToHundred() {
        long[] values = LongStream.rangeClosed(1, 100).toArray();

        assertThat(LatencySummary.percentile(values, 50)).isEqualTo(50);
        assertThat(LatencySummary.percentile(values, 95)).isEqualTo(95);
        assertThat(LatencySummary.percentile(values, 99)).isEqualTo(99);
        assertThat(LatencySummary.percentile(values, 100)).isEqualTo(100);
        assertThat(LatencySummary.percentile(values, 0)).isEqualTo(1);
    }

    @Test
    void percentileOfFewValuesIsAnObservedValueNotAnInterpolation() {
        long[] values = {10, 20, 30, 40};

        assertThat(LatencySummary.percentile(values, 50)).isEqualTo(20);
        assertThat(LatencySummary.percentile(values, 51)).isEqualTo(30);
        assertThat(LatencySummary.percentile(values, 99)).isEqualTo(40);
        assertThat(LatencySummary.percentile(new long[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void percentileOfNothingIsRefused() {
        assertThatThrownBy(() -> LatencySummary.percentile(new long[0], 50))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryCountsFailuresAndThroughputAndIgnoresInputOrder() {
        List<RequestSample> requests = new ArrayList<>();
        for (int latency = 1; latency <= 1000; latency++) {
            requests.add(new RequestSample("GET /x", 0, latency, latency % 100 != 0, latency % 100 == 0 ? "boom" : ""));
        }
        Collections.shuffle(requests);

        LatencySummary summary = LatencySummary.of(requests, 10.0);

        assertThat(summary.count()).isEqualTo(1000);
        assertThat(summary.failures()).isEqualTo(10);
        assertThat(summary.errorRate()).isEqualTo(0.01);
        assertThat(summary.p50()).isEqualTo(500);
        assertThat(summary.p95()).isEqualTo(950);
        assertThat(summary.p99()).isEqualTo(990);
        assertThat(summary.max()).isEqualTo(1000);
        assertThat(summary.mean()).isEqualTo(500.5);
        assertThat(summary.throughput()).isEqualTo(100.0);
    }

    @Test
    void emptySummaryIsAllZero() {
        LatencySummary summary = LatencySummary.of(List.of(), 5);

        assertThat(summary.count()).isZero();
        assertThat(summary.errorRate()).isZero();
    }

    @Test
    void timeSeriesPutsEachRequestInTheBucketOfItsStart() {
        List<RequestSample> requests = List.of(
                new RequestSample("a", 100, 110, true, ""),
                new RequestSample("a", 900, 1900, true, ""),
                new RequestSample("a", 2500, 2505, false, "x"));

        TimeSeries series = TimeSeries.of(requests);

        assertThat(series.bucketMillis()).isEqualTo(1000);
        assertThat(series.buckets()).hasSize(3);
        assertThat(series.buckets().get(0).summary().count()).isEqualTo(2);
        assertThat(series.buckets().get(0).summary().max()).isEqualTo(1000);
        assertThat(series.buckets().get(1).summary().count()).isZero();
        assertThat(series.buckets().get(2).summary().failures()).isEqualTo(1);
    }
}
