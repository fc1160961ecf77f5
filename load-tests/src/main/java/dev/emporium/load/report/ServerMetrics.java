package dev.emporium.load.report;

import dev.emporium.load.report.PrometheusScrape.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the server said about itself during the run: counters as the difference between the scrape
 * taken just before the load and the one just after, gauges as the extreme seen in the scrapes taken
 * every few seconds while it ran, and process figures (RSS, CPU time) sampled from /proc.
 *
 * <p>Cache counters are recognised by shape rather than by one exact name: any counter named
 * {@code emporium_cache*_total} or {@code cache_gets_total} with a {@code result} label of
 * {@code hit}/{@code miss}, grouped by its {@code cache} and {@code tier} labels. When none exists
 * the report says "not measured" instead of inventing a ratio.
 */
public record ServerMetrics(
        List<CacheRatio> caches,
        OptionalDouble maxActiveConnections,
        OptionalDouble maxPendingConnections,
        OptionalDouble poolSize,
        OptionalDouble connectionTimeouts,
        OptionalDouble maxHeapUsedBytes,
        OptionalDouble heapMaxBytes,
        OptionalDouble gcPauses,
        OptionalDouble gcPauseSeconds,
        OptionalDouble maxGcPauseSeconds,
        OptionalDouble serverRequests,
        OptionalDouble serverErrors,
        OptionalDouble dbStatements,
        OptionalDouble dbStatementSeconds,
        OptionalDouble slowStatements,
        OptionalDouble statementsPerRequest,
        OptionalDouble maxRssBytes,
        OptionalDouble cpuSeconds) {

    public record CacheRatio(String cache, String tier, double hits, double misses) {

        public double ratio() {
            return hits + misses == 0 ? 0 : hits / (hits + misses);
        }
    }

    /** One /proc sample of the server process. */
    public record ProcessSample(long epochMillis, long rssBytes, double cpuSeconds) {}

    public static ServerMetrics from(
            PrometheusScrape before,
            PrometheusScrape after,
            List<PrometheusScrape> during,
            List<ProcessSample> process) {
        List<PrometheusScrape> all = new ArrayList<>(during);
        all.add(after);
        Predicate<Sample> any = sample -> true;
        Predicate<Sample> heap = sample -> sample.label("area").equals("heap");
        Predicate<Sample> notActuator = sample -> !sample.label("uri").startsWith("/actuator");
        return new ServerMetrics(
                caches(before, after),
                max(all, scrape -> scrape.sum("hikaricp_connections_active")),
                max(all, scrape -> scrape.sum("hikaricp_connections_pending")),
                after.sum("hikaricp_connections_max"),
                delta(before, after, "hikaricp_connections_timeout_total", any),
                max(all, scrape -> scrape.sum("jvm_memory_used_bytes", heap)),
                after.sum("jvm_memory_max_bytes", heap.and(sample -> sample.value() > 0)),
                delta(before, after, "jvm_gc_pause_seconds_count", any),
                delta(before, after, "jvm_gc_pause_seconds_sum", any),
                max(
                        all,
                        scrape -> scrape.named("jvm_gc_pause_seconds_max").stream()
                                .mapToDouble(Sample::value)
                                .max()),
                delta(before, after, "http_server_requests_seconds_count", notActuator),
                delta(
                        before,
                        after,
                        "http_server_requests_seconds_count",
                        notActuator.and(sample -> sample.label("status").startsWith("5"))),
                delta(
                        before,
                        after,
                        "emporium_db_statements_seconds_count",
                        sample -> sample.label("origin").equals("request")),
                delta(
                        before,
                        after,
                        "emporium_db_statements_seconds_sum",
                        sample -> sample.label("origin").equals("request")),
                delta(
                        before,
                        after,
                        "emporium_db_slow_statements_total",
                        sample -> sample.label("origin").equals("request")),
                ratio(
                        delta(before, after, "emporium_db_request_statements_sum", any),
                        delta(before, after, "emporium_db_request_statements_count", any)),
                process.stream().mapToDouble(ProcessSample::rssBytes).max(),
                process.size() < 2
                        ? OptionalDouble.empty()
                        : OptionalDouble.of(process.getLast().cpuSeconds()
                                - process.getFirst().cpuSeconds()));
    }

    static List<CacheRatio> caches(PrometheusScrape before, PrometheusScrape after) {
        Map<String, double[]> byCache = new TreeMap<>();
        for (Sample sample : after.samples()) {
            if (!isCacheCounter(sample)) {
                continue;
            }
            double previous = before.samples().stream()
                    .filter(candidate -> candidate.name().equals(sample.name())
                            && candidate.labels().equals(sample.labels()))
                    .mapToDouble(Sample::value)
                    .findFirst()
                    .orElse(0);
            String key = sample.label("cache") + "\u0000" + sample.label("tier");
            double[] counts = byCache.computeIfAbsent(key, k -> new double[2]);
            counts[sample.label("result").equals("hit") ? 0 : 1] += sample.value() - previous;
        }
        return byCache.entrySet().stream()
                .map(entry -> {
                    String[] parts = entry.getKey().split("\u0000", -1);
                    return new CacheRatio(parts[0], parts[1], entry.getValue()[0], entry.getValue()[1]);
                })
                .toList();
    }

    private static boolean isCacheCounter(Sample sample) {
        boolean cacheName =
                (sample.name().startsWith("emporium_cache") && sample.name().endsWith("_total"))
                        || sample.name().equals("cache_gets_total");
        String result = sample.label("result");
        return cacheName && (result.equals("hit") || result.equals("miss"));
    }

    private static OptionalDouble delta(
            PrometheusScrape before, PrometheusScrape after, String name, Predicate<Sample> filter) {
        if (after.named(name).isEmpty()) {
            return OptionalDouble.empty();
        }
        OptionalDouble end = OptionalDouble.of(after.sum(name, filter).orElse(0));
        return OptionalDouble.of(end.getAsDouble() - before.sum(name, filter).orElse(0));
    }

    private static OptionalDouble max(
            List<PrometheusScrape> scrapes, Function<PrometheusScrape, OptionalDouble> value) {
        return scrapes.stream()
                .map(value)
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .max();
    }

    private static OptionalDouble ratio(OptionalDouble numerator, OptionalDouble denominator) {
        if (numerator.isEmpty() || denominator.isEmpty() || denominator.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(numerator.getAsDouble() / denominator.getAsDouble());
    }
}
