package dev.emporium.ops;

import dev.emporium.platform.db.SlowStatementLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Reads the meters the node already keeps (the same ones Prometheus scrapes) into an
 * {@link OpsSnapshot}. Endpoint groups are the first path segment after {@code /api/v1/}
 * ({@code products}, {@code search}, {@code wallet}, {@code admin}, ...); everything else is
 * {@code other}. Latency buckets are summed over a group's timers bound by bound, which is exact
 * because every timer of {@code http.server.requests} has the same bucket bounds. View ages are the
 * platform refresher's {@code emporium.db.view.age} gauges; scans are fulfillment's
 * {@code emporium.fulfillment.scans} counters, read by name so that this feature depends on no other.
 */
@Service
class OpsMeters {

    /** Fulfillment's scan counter, read by name (tags {@code source}, {@code outcome}) as Prometheus would. */
    static final String SCANS = "emporium.fulfillment.scans";

    private final MeterRegistry registry;
    private final SlowStatementLog slow;

    OpsMeters(MeterRegistry registry, SlowStatementLog slow) {
        this.registry = registry;
        this.slow = slow;
    }

    OpsSnapshot snapshot() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, TreeMap<Double, Long>> buckets = new TreeMap<>();
        for (Timer timer : registry.find("http.server.requests").timers()) {
            String group = group(timer.getId().getTag("uri"));
            long[] c = counts.computeIfAbsent(group, g -> new long[2]);
            c[0] += timer.count();
            String status = timer.getId().getTag("status");
            if (status != null && status.startsWith("5")) {
                c[1] += timer.count();
            }
            TreeMap<Double, Long> groupBuckets = buckets.computeIfAbsent(group, g -> new TreeMap<>());
            for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
                groupBuckets.merge(bucket.bucket(TimeUnit.SECONDS), (long) bucket.count(), Long::sum);
            }
        }
        List<OpsSnapshot.RequestGroup> requests = new ArrayList<>();
        counts.forEach((group, c) -> {
            List<OpsSnapshot.Bucket> list = new ArrayList<>();
            buckets.getOrDefault(group, new TreeMap<>()).forEach((le, n) -> list.add(new OpsSnapshot.Bucket(le, n)));
            requests.add(new OpsSnapshot.RequestGroup(group, c[0], c[1], list));
        });
        List<OpsSnapshot.CacheCount> cache = new ArrayList<>();
        for (Counter counter : registry.find("emporium.cache.requests").counters()) {
            cache.add(new OpsSnapshot.CacheCount(
                    tag(counter.getId().getTag("cache")),
                    tag(counter.getId().getTag("tier")),
                    tag(counter.getId().getTag("result")),
                    (long) counter.count()));
        }
        OpsSnapshot.Pool pool = new OpsSnapshot.Pool(
                gauge("hikaricp.connections.active"),
                gauge("hikaricp.connections.pending"),
                gauge("hikaricp.connections.max"));
        OpsSnapshot.Shedding shedding = new OpsSnapshot.Shedding(
                gauge("emporium.shedding.in.flight"),
                gauge("emporium.shedding.queued"),
                gauge("emporium.shedding.limit"),
                count("emporium.shedding.admitted"),
                count("emporium.shedding.shed"));
        List<OpsSnapshot.ScanCount> scans = new ArrayList<>();
        for (Counter counter : registry.find(SCANS).counters()) {
            scans.add(new OpsSnapshot.ScanCount(
                    tag(counter.getId().getTag("source")),
                    tag(counter.getId().getTag("outcome")),
                    Math.round(counter.count())));
        }
        scans.sort(Comparator.comparing(OpsSnapshot.ScanCount::source).thenComparing(OpsSnapshot.ScanCount::outcome));
        List<OpsSnapshot.SlowStatement> statements = slow.recent().stream()
                .map(r -> new OpsSnapshot.SlowStatement(r.at(), r.endpoint(), r.millis(), r.sql()))
                .toList();
        List<OpsSnapshot.ViewAge> views = new ArrayList<>();
        for (Gauge gauge : registry.find("emporium.db.view.age").gauges()) {
            double age = gauge.value();
            views.add(new OpsSnapshot.ViewAge(tag(gauge.getId().getTag("view")), Double.isNaN(age) ? null : age));
        }
        views.sort(Comparator.comparing(OpsSnapshot.ViewAge::view));
        return new OpsSnapshot(Instant.now(), requests, cache, pool, shedding, scans, statements, views);
    }

    static String group(@Nullable String uri) {
        if (uri == null || !uri.startsWith("/api/v1/")) {
            return "other";
        }
        String rest = uri.substring("/api/v1/".length());
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return first.isEmpty() ? "other" : first;
    }

    private int gauge(String name) {
        double sum = 0;
        for (Gauge gauge : registry.find(name).gauges()) {
            sum += gauge.value();
        }
        return (int) Math.round(Double.isNaN(sum) ? 0 : sum);
    }

    private long count(String name) {
        double sum = 0;
        for (Counter counter : registry.find(name).counters()) {
            sum += counter.count();
        }
        return Math.round(sum);
    }

    private static String tag(@Nullable String value) {
        return value == null ? "" : value;
    }
}
