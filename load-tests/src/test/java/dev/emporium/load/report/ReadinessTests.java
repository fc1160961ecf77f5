package dev.emporium.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.load.report.PostgresStats.TableActivity;
import dev.emporium.load.report.Readiness.Bounds;
import dev.emporium.load.report.Readiness.Criterion;
import dev.emporium.load.report.Readiness.Verdict;
import dev.emporium.load.report.ServerMetrics.CacheRatio;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReadinessTests {

    private static final Bounds BOUNDS = new Bounds(100, 200, 0.01, 0.9, 1_000);

    @Test
    void passesWhenEveryMeasuredValueIsWithinItsBound() {
        List<Criterion> criteria = Readiness.evaluate(
                BOUNDS,
                latency(80, 150, 0),
                server(List.of(new CacheRatio("product", "", 95, 5)), 0, 0),
                postgres(new TableActivity("products", 0, 0, 500, 1_000_000)));

        assertThat(criteria).extracting(Criterion::verdict).containsOnly(Verdict.PASS);
    }

    @Test
    void latencyBoundsAreInclusive() {
        List<Criterion> criteria =
                Readiness.evaluate(BOUNDS, latency(100, 201, 0), server(List.of(), 0, 0), postgres());

        assertThat(verdict(criteria, "p95")).isEqualTo(Verdict.PASS);
        assertThat(verdict(criteria, "p99")).isEqualTo(Verdict.FAIL);
        assertThat(measured(criteria, "p99")).isEqualTo("201 ms");
    }

    @Test
    void failsOnErrorRateAboveTheAllowance() {
        List<Criterion> criteria = Readiness.evaluate(BOUNDS, latency(10, 10, 2), server(List.of(), 0, 0), postgres());

        assertThat(verdict(criteria, "error rate")).isEqualTo(Verdict.FAIL);
        assertThat(measured(criteria, "error rate")).isEqualTo("2.00% (2 of 100)");
    }

    @Test
    void saysNotMeasuredWhenThereAreNoCacheCountersOrTableStatistics() {
        List<Criterion> criteria = Readiness.evaluate(BOUNDS, latency(10, 10, 0), server(List.of(), 0, 0), postgres());

        assertThat(verdict(criteria, "cache hit ratio")).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(measured(criteria, "cache hit ratio")).startsWith("not measured");
        assertThat(verdict(criteria, "sequential scans")).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void failsOnSequentialScansOfLargeTablesOnly() {
        List<Criterion> criteria = Readiness.evaluate(
                BOUNDS,
                latency(10, 10, 0),
                server(List.of(), 0, 0),
                postgres(
                        new TableActivity("products", 3, 3_000_000, 10, 1_000_000),
                        new TableActivity("categories", 900, 9000, 0, 200)));

        assertThat(verdict(criteria, "sequential scans")).isEqualTo(Verdict.FAIL);
        assertThat(measured(criteria, "sequential scans")).isEqualTo("products: 3");
    }

    @Test
    void failsWhenThePoolHadWaitersOrTimedOut() {
        assertThat(verdict(Readiness.evaluate(BOUNDS, latency(1, 1, 0), server(List.of(), 0, 3), postgres()), "pool"))
                .isEqualTo(Verdict.FAIL);
        assertThat(verdict(Readiness.evaluate(BOUNDS, latency(1, 1, 0), server(List.of(), 1, 0), postgres()), "pool"))
                .isEqualTo(Verdict.FAIL);
        assertThat(verdict(Readiness.evaluate(BOUNDS, latency(1, 1, 0), server(List.of(), 0, 0), postgres()), "pool"))
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void cacheHitRatioWithTiersCountsL2HitsAgainstL1Lookups() {
        List<CacheRatio> caches =
                List.of(new CacheRatio("product", "L1", 80, 20), new CacheRatio("product", "L2", 15, 5));

        assertThat(Readiness.overallCacheHitRatio(caches)).hasValue(0.95);
        assertThat(verdict(
                        Readiness.evaluate(BOUNDS, latency(1, 1, 0), server(caches, 0, 0), postgres()),
                        "cache hit ratio"))
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void cacheHitRatioWithoutTiersIsHitsOverLookups() {
        List<CacheRatio> caches = List.of(new CacheRatio("a", "", 50, 50), new CacheRatio("b", "", 30, 70));

        assertThat(Readiness.overallCacheHitRatio(caches)).hasValue(0.4);
    }

    private static LatencySummary latency(long p95, long p99, long failures) {
        return new LatencySummary(100, failures, 1, p95, p99, p99, 1, 10);
    }

    private static ServerMetrics server(List<CacheRatio> caches, double pending, double timeouts) {
        OptionalDouble none = OptionalDouble.empty();
        return new ServerMetrics(
                caches,
                OptionalDouble.of(4),
                OptionalDouble.of(pending),
                OptionalDouble.of(10),
                OptionalDouble.of(timeouts),
                none,
                none,
                none,
                none,
                none,
                none,
                none,
                none,
                none,
                OptionalDouble.of(0),
                none,
                none,
                none);
    }

    private static PostgresStats postgres(TableActivity... tables) {
        return new PostgresStats(List.of(tables), List.of(), Optional.empty(), "not loaded");
    }

    private static Verdict verdict(List<Criterion> criteria, String name) {
        return find(criteria, name).verdict();
    }

    private static String measured(List<Criterion> criteria, String name) {
        return find(criteria, name).measured();
    }

    private static Criterion find(List<Criterion> criteria, String name) {
        return criteria.stream()
                .filter(c -> c.name().contains(name))
                .findFirst()
                .orElseThrow();
    }
}
