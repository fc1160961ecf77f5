package dev.emporium.platform.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * The named {@link TieredCache}s of this node and what they share: the Redis tier, the pub/sub
 * listener, and the queue of invalidations that could not reach Redis.
 *
 * <p>While that queue is not empty this node does not read L2 (Redis may still hold entries the
 * queued invalidations would have hidden); a background thread replays the queue, in order per
 * tag, once Redis answers again.
 */
@NamedInterface("cache")
public final class TieredCaches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TieredCaches.class);

    private final CacheProperties properties;
    private final MeterRegistry registry;
    private final @Nullable RedisTier redis;
    private final CacheKeys keys;
    private final AtomicLong clock = new AtomicLong();
    private final Map<String, TieredCache<?>> caches = new ConcurrentHashMap<>();
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TieredCaches(CacheProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.registry = registry;
        this.keys = new CacheKeys(properties.namespace());
        this.redis = properties.l2Configured()
                ? new RedisTier(
                        properties.redisUrl(), keys, properties.commandTimeout(), properties.reconnectInterval())
                : null;
        if (redis != null) {
            redis.start(this::onMessage, this::onReconnect);
            Thread.ofVirtual().name("cache-replay").start(this::replayLoop);
        }
    }

    /** The cache of this name, created on first use with its configured (or default) spec. */
    @SuppressWarnings("unchecked")
    public <V> TieredCache<V> cache(String name, ValueCodec<V> codec) {
        return (TieredCache<V>) caches.computeIfAbsent(name, n -> {
            CacheMetrics metrics = new CacheMetrics(registry, n);
            TieredCache<V> cache = new TieredCache<>(n, properties.spec(n), this, codec, metrics, clock);
            Gauge.builder("emporium.cache.size", cache, TieredCache::localSize)
                    .tag("cache", n)
                    .tag("tier", "L1")
                    .description("Entries in this node's L1")
                    .register(registry);
            return cache;
        });
    }

    /** The cache of this name holding HTTP responses, as the response filter uses it (for invalidation). */
    public TieredCache<?> responses(String name) {
        return cache(name, CachedResponse.CODEC);
    }

    /** Drops every L1 entry of every cache on this node. */
    public void clearLocal() {
        caches.values().forEach(TieredCache::clearLocal);
    }

    CacheMode mode() {
        return new CacheMode(properties.redisUrl());
    }

    /** Redis, if it is configured, reachable and has no invalidations owed to it; otherwise null. */
    @Nullable
    RedisTier l2() {
        RedisTier r = redis;
        return r != null && pending.isEmpty() && r.available() ? r : null;
    }

    /** Health: L1 only / L2 up / L2 degraded. */
    L2State l2State() {
        if (redis == null) {
            return L2State.DISABLED;
        }
        return redis.connected() && pending.isEmpty() ? L2State.UP : L2State.DEGRADED;
    }

    enum L2State {
        DISABLED,
        UP,
        DEGRADED
    }

    int pendingInvalidations() {
        return pending.size();
    }

    void sendInvalidation(TieredCache<?> cache, @Nullable String tag) {
        if (redis == null) {
            return;
        }
        cache.metrics.invalidationsSent.increment();
        Pending p = new Pending(cache.name(), tag);
        if (!pending.isEmpty() || !redis.connected()) {
            pending.add(p);
            return;
        }
        try {
            redis.invalidate(cache.name(), tag);
        } catch (RuntimeException e) {
            cache.metrics.l2Errors.increment();
            pending.add(p);
        }
    }

    private void onMessage(String message) {
        int bar = message.indexOf('|');
        TieredCache<?> cache = caches.get(message.substring(0, bar));
        if (cache != null) {
            String tag = message.substring(bar + 1);
            cache.received(tag.isEmpty() ? null : tag);
        }
    }

    /** Messages may have been lost while disconnected: nothing in L1 can be trusted any more. */
    private void onReconnect() {
        clearLocal();
    }

    private void replayLoop() {
        RedisTier redis = this.redis;
        if (redis == null) {
            return;
        }
        while (!closed) {
            try {
                Thread.sleep(properties.reconnectInterval().dividedBy(4));
            } catch (InterruptedException e) {
                return;
            }
            if (pending.isEmpty() || !redis.connected()) {
                continue;
            }
            for (Pending p : Set.copyOf(pending)) {
                try {
                    redis.invalidate(p.cache(), p.tag());
                    pending.remove(p);
                    TieredCache<?> cache = caches.get(p.cache());
                    if (cache != null) {
                        cache.received(p.tag());
                    }
                } catch (RuntimeException e) {
                    break;
                }
            }
            if (pending.isEmpty()) {
                log.info("Cache L2: queued invalidations replayed; reading Redis again");
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (redis != null) {
            redis.close();
        }
    }

    private record Pending(String cache, @Nullable String tag) {}
}
