package dev.emporium.platform.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one cache name, registered once so the hit path only increments. Prometheus names:
 * {@code emporium_cache_requests_total{cache,tier,result}} (hit ratio = hits of both tiers over
 * L1 requests), {@code emporium_cache_loads_seconds}, {@code emporium_cache_evictions_total},
 * {@code emporium_cache_l2_errors_total}, {@code emporium_cache_invalidations_total{direction}}.
 */
final class CacheMetrics {

    final Counter l1Hit;
    final Counter l1Miss;
    final Counter l2Hit;
    final Counter l2Miss;
    final Counter l2Errors;
    final Counter evictions;
    final Counter invalidationsSent;
    final Counter invalidationsReceived;
    final Timer loads;
    final Counter followerTimeouts;

    CacheMetrics(MeterRegistry registry, String cache) {
        l1Hit = requests(registry, cache, "L1", "hit");
        l1Miss = requests(registry, cache, "L1", "miss");
        l2Hit = requests(registry, cache, "L2", "hit");
        l2Miss = requests(registry, cache, "L2", "miss");
        l2Errors = Counter.builder("emporium.cache.l2.errors")
                .description("Redis commands that failed or timed out")
                .tag("cache", cache)
                .register(registry);
        evictions = Counter.builder("emporium.cache.evictions")
                .description("Entries evicted for size or age")
                .tag("cache", cache)
                .tag("tier", "L1")
                .register(registry);
        invalidationsSent = invalidations(registry, cache, "sent");
        invalidationsReceived = invalidations(registry, cache, "received");
        followerTimeouts = Counter.builder("emporium.cache.follower.timeouts")
                .description("Waits for another request's load that gave up and loaded on their own")
                .tag("cache", cache)
                .register(registry);
        loads = Timer.builder("emporium.cache.loads")
                .description("Loads from the source of truth after a miss in both tiers")
                .tag("cache", cache)
                .register(registry);
    }

    private static Counter requests(MeterRegistry registry, String cache, String tier, String result) {
        return Counter.builder("emporium.cache.requests")
                .description("Cache lookups per tier and outcome")
                .tag("cache", cache)
                .tag("tier", tier)
                .tag("result", result)
                .register(registry);
    }

    private static Counter invalidations(MeterRegistry registry, String cache, String direction) {
        return Counter.builder("emporium.cache.invalidations")
                .description("Tag invalidations sent to and received from other nodes")
                .tag("cache", cache)
                .tag("direction", direction)
                .register(registry);
    }
}
