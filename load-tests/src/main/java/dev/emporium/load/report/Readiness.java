package dev.emporium.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The production-readiness criteria: explicit bounds, each checked against a measured value and answered
 * PASS, FAIL or NOT MEASURED (never a grade, never a guess). Bounds come from the report's conditions
 * ({@code readiness.*} properties) so a stricter or looser service level is a command-line change.
 */
public final class Readiness {

    public enum Verdict {
        PASS,
        FAIL,
        NOT_MEASURED
    }

    public record Criterion(String name, String bound, String measured, Verdict verdict) {}

    /** The bounds; defaults suit an interactive shop API on a small machine. */
    public record Bounds(
            long p95Millis, long p99Millis, double maxErrorRate, double minCacheHitRatio, long largeTableRows) {

        public static Bounds defaults() {
            return new Bounds(250, 500, 0.001, 0.90, 10_000);
        }
    }

    private Readiness() {}

    public static List<Criterion> evaluate(
            Bounds bounds, LatencySummary overall, ServerMetrics server, PostgresStats postgres) {
        List<Criterion> criteria = new ArrayList<>();
        criteria.add(
                atMost("p95 latency, all requests", overall.count() > 0, overall.p95(), bounds.p95Millis(), " ms"));
        criteria.add(
                atMost("p99 latency, all requests", overall.count() > 0, overall.p99(), bounds.p99Millis(), " ms"));
        criteria.add(new Criterion(
                "error rate (failed checks, non-2xx, timeouts)",
                "≤ " + percent(bounds.maxErrorRate()),
                overall.count() == 0
                        ? "no requests"
                        : percent(overall.errorRate()) + " (" + overall.failures() + " of " + overall.count() + ")",
                overall.count() == 0
                        ? Verdict.NOT_MEASURED
                        : overall.errorRate() <= bounds.maxErrorRate() ? Verdict.PASS : Verdict.FAIL));
        criteria.add(cacheHitRatio(bounds, server));
        criteria.add(noSeqScans(bounds, postgres));
        criteria.add(poolNeverExhausted(server));
        criteria.add(noSlowStatements(server));
        return criteria;
    }

    private static Criterion atMost(String name, boolean measured, long value, long bound, String unit) {
        if (!measured) {
            return new Criterion(name, "≤ " + bound + unit, "no requests", Verdict.NOT_MEASURED);
        }
        return new Criterion(name, "≤ " + bound + unit, value + unit, value <= bound ? Verdict.PASS : Verdict.FAIL);
    }

    private static Criterion cacheHitRatio(Bounds bounds, ServerMetrics server) {
        String name = "cache hit ratio (lookups answered by any tier)";
        String bound = "≥ " + percent(bounds.minCacheHitRatio());
        OptionalDouble ratio = overallCacheHitRatio(server.caches());
        if (ratio.isEmpty()) {
            return new Criterion(
                    name, bound, "not measured (no cache hit/miss counters exported)", Verdict.NOT_MEASURED);
        }
        return new Criterion(
                name,
                bound,
                percent(ratio.getAsDouble()),
                ratio.getAsDouble() >= bounds.minCacheHitRatio() ? Verdict.PASS : Verdict.FAIL);
    }

    /**
     * The share of cache lookups that did not reach the database. With tiers, a lookup starts at L1 and an
     * L1 miss may still hit L2, so it is (hits in any tier) / (L1 lookups); without tiers, hits / lookups.
     */
    public static OptionalDouble overallCacheHitRatio(List<ServerMetrics.CacheRatio> caches) {
        boolean tiered = caches.stream().anyMatch(cache -> cache.tier().equalsIgnoreCase("L1"));
        double hits =
                caches.stream().mapToDouble(ServerMetrics.CacheRatio::hits).sum();
        double lookups = caches.stream()
                .filter(cache -> !tiered || cache.tier().equalsIgnoreCase("L1"))
                .mapToDouble(cache -> cache.hits() + cache.misses())
                .sum();
        return lookups == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1.0, hits / lookups));
    }

    private static Criterion noSeqScans(Bounds bounds, PostgresStats postgres) {
        String name = "no sequential scans on large tables during the run";
        String bound = "0 on tables ≥ " + bounds.largeTableRows() + " rows";
        if (postgres.tables().isEmpty()) {
            return new Criterion(name, bound, "not measured (pg_stat_user_tables not read)", Verdict.NOT_MEASURED);
        }
        List<String> offenders = postgres.tables().stream()
                .filter(table -> table.liveRows() >= bounds.largeTableRows() && table.seqScans() > 0)
                .map(table -> table.table() + ": " + table.seqScans())
                .toList();
        long large = postgres.tables().stream()
                .filter(table -> table.liveRows() >= bounds.largeTableRows())
                .count();
        if (large == 0) {
            return new Criterion(name, bound, "no table has that many rows", Verdict.NOT_MEASURED);
        }
        return offenders.isEmpty()
                ? new Criterion(name, bound, "0 on " + large + " large tables", Verdict.PASS)
                : new Criterion(name, bound, String.join(", ", offenders), Verdict.FAIL);
    }

    private static Criterion poolNeverExhausted(ServerMetrics server) {
        String name = "connection pool never exhausted";
        String bound = "0 timeouts, 0 pending";
        if (server.connectionTimeouts().isEmpty()
                || server.maxPendingConnections().isEmpty()) {
            return new Criterion(name, bound, "not measured (no HikariCP metrics)", Verdict.NOT_MEASURED);
        }
        double timeouts = server.connectionTimeouts().getAsDouble();
        double pending = server.maxPendingConnections().getAsDouble();
        String measured = "%.0f timeouts, max %.0f pending, max %.0f of %.0f active (gauges sampled every few seconds)"
                .formatted(
                        timeouts,
                        pending,
                        server.maxActiveConnections().orElse(0),
                        server.poolSize().orElse(0));
        return new Criterion(name, bound, measured, timeouts == 0 && pending == 0 ? Verdict.PASS : Verdict.FAIL);
    }

    private static Criterion noSlowStatements(ServerMetrics server) {
        String name = "no slow SQL statements on the request path";
        if (server.slowStatements().isEmpty()) {
            return new Criterion(name, "0", "not measured", Verdict.NOT_MEASURED);
        }
        double slow = server.slowStatements().getAsDouble();
        return new Criterion(
                name,
                "0 over the slow-statement threshold",
                "%.0f".formatted(slow),
                slow == 0 ? Verdict.PASS : Verdict.FAIL);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }
}
