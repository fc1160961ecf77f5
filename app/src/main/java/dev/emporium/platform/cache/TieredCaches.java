package dev.emporium.platform.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * The named {@link TieredCache}s of this node and what they share: the Redis tier, the pub/sub
 * listener, and the upkeep loop that keeps L2 honest after trouble (see "Recovery" in {@link
 * TieredCache}).
 *
 * <p>The upkeep loop runs every quarter of {@code reconnect-interval} on a virtual thread: it pings
 * both Redis connections (a silently dead connection is noticed within one round and rebuilt after
 * two), reads the {@link InvalidationDebts} of every node, drops this node's L1 of a cache that
 * has a new debt, settles debts by moving the whole cache's generation in Redis, and after every
 * (re)connection checks whether Redis restarted (new run id) before L2 is read again.
 *
 * <p>Pub/sub messages and connection events arrive on Lettuce's I/O threads; they are only queued
 * there and handled in order on one virtual thread, so a large L1 never stalls Redis traffic.
 */
@NamedInterface("cache")
public final class TieredCaches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TieredCaches.class);
    /** A timed-out command stays queued in Lettuce and misaligns later replies, so a dead connection is rebuilt soon. */
    private static final int PINGS_BEFORE_RECONNECT = 2;

    private final CacheProperties properties;
    private final MeterRegistry registry;
    private final @Nullable RedisTier redis;
    private final InvalidationDebts debts;
    private final Duration pollInterval;
    private final AtomicLong clock = new AtomicLong();
    private final Map<String, TieredCache<?>> caches = new ConcurrentHashMap<>();
    private final ExecutorService listener = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("cache-invalidations").factory());
    /** This node's unsettled debts: cache → when recorded (nanoTime). */
    private final Map<String, Long> owedHere = new ConcurrentHashMap<>();
    /** Debts recorded here that PostgreSQL did not take yet; retried by the upkeep loop. */
    private final Set<String> unpersisted = ConcurrentHashMap.newKeySet();
    /** Every node's debts as of the last poll: cache → since. */
    private volatile Map<String, Long> owedSeen = Map.of();
    /** L2 is read only while {@code synced == syncRequested}: after each (re)connection the upkeep loop must run once. */
    private final AtomicLong syncRequested = new AtomicLong();

    private volatile long synced;
    private volatile @Nullable String runId;
    private volatile boolean closed;
    private int failedPings;
    private final java.util.concurrent.atomic.AtomicBoolean connecting =
            new java.util.concurrent.atomic.AtomicBoolean();
    /** The thread that handled the latest pub/sub message (diagnostics, tests). */
    volatile @Nullable String lastListenerThread;

    TieredCaches(CacheProperties properties, MeterRegistry registry) {
        this(properties, registry, InvalidationDebts.inMemory());
    }

    TieredCaches(CacheProperties properties, MeterRegistry registry, InvalidationDebts debts) {
        this.properties = properties;
        this.registry = registry;
        this.debts = debts;
        this.pollInterval = properties.reconnectInterval().dividedBy(4);
        CacheKeys keys = new CacheKeys(properties.namespace());
        this.redis = properties.l2Configured()
                ? new RedisTier(
                        properties.redisUrl(), keys, properties.commandTimeout(), properties.reconnectInterval())
                : null;
        if (redis != null) {
            redis.start(message -> listener.execute(() -> onMessage(message)), this::requestSync);
            Thread.ofVirtual().name("cache-upkeep").start(this::upkeepLoop);
        }
    }

    /** The cache of this name, created on first use with its configured (or default) spec. */
    @SuppressWarnings("unchecked")
    public <V> TieredCache<V> cache(String name, ValueCodec<V> codec) {
        return (TieredCache<V>) caches.computeIfAbsent(name, n -> {
            CacheMetrics metrics = new CacheMetrics(registry, n);
            TieredCache<V> cache =
                    new TieredCache<>(n, properties.spec(n), this, codec, metrics, clock, properties.followerWait());
            Gauge.builder("emporium.cache.size", cache, TieredCache::localSize)
                    .tag("cache", n)
                    .tag("tier", "L1")
                    .description("Entries in this node's L1")
                    .register(registry);
            Gauge.builder("emporium.cache.weight", cache, TieredCache::localWeight)
                    .tag("cache", n)
                    .tag("tier", "L1")
                    .description("Approximate bytes held by this node's L1 (bounded by l1-max-size)")
                    .baseUnit("bytes")
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

    /**
     * Called by a writer after its invalidations, before it acknowledges the write. If one of them
     * could not reach Redis, waits until another node has settled the debt or, at most twice {@code
     * reconnect-interval}, until every live node has polled the debt (and so dropped its L1 of that
     * cache and stopped reading L2 for it). Answers true when nothing is owed any more.
     */
    public boolean awaitSettled() {
        if (owedHere.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime()
                + properties.reconnectInterval().multipliedBy(2).toNanos();
        while (!owedHere.isEmpty() && System.nanoTime() - deadline < 0) {
            sleep(Duration.ofMillis(10));
        }
        return owedHere.isEmpty();
    }

    CacheMode mode() {
        return new CacheMode(properties.redisUrl());
    }

    /** Redis for this cache, if it is configured, healthy, synchronised and no invalidation of the cache is owed; else null. */
    @Nullable
    RedisTier l2(String cache) {
        RedisTier r = redis;
        return r != null
                        && synced == syncRequested.get()
                        && r.available()
                        && r.connected()
                        && !owedHere.containsKey(cache)
                        && !owedSeen.containsKey(cache)
                ? r
                : null;
    }

    /** Health: L1 only / L2 up / L2 degraded. */
    L2State l2State() {
        if (redis == null) {
            return L2State.DISABLED;
        }
        return redis.connected() && synced == syncRequested.get() && owedHere.isEmpty() && owedSeen.isEmpty()
                ? L2State.UP
                : L2State.DEGRADED;
    }

    enum L2State {
        DISABLED,
        UP,
        DEGRADED
    }

    int pendingInvalidations() {
        Set<String> all = new HashSet<>(owedSeen.keySet());
        all.addAll(owedHere.keySet());
        return all.size();
    }

    void sendInvalidation(TieredCache<?> cache, @Nullable String tag) {
        if (redis == null) {
            return;
        }
        cache.metrics.invalidationsSent.increment();
        RedisTier r = l2(cache.name());
        if (r == null) {
            owe(cache.name());
            return;
        }
        try {
            r.invalidate(cache.name(), tag);
        } catch (RuntimeException e) {
            cache.metrics.l2Errors.increment();
            r.failed(e);
            owe(cache.name());
        }
    }

    private void owe(String cache) {
        owedHere.put(cache, System.nanoTime());
        try {
            debts.record(cache);
            unpersisted.remove(cache);
        } catch (RuntimeException e) {
            unpersisted.add(cache);
            log.warn("Cache: could not record the invalidation debt of {} ({}); retrying", cache, e.toString());
        }
    }

    private void onMessage(String message) {
        lastListenerThread = Thread.currentThread().getName();
        int bar = message.indexOf('|');
        TieredCache<?> cache = caches.get(message.substring(0, bar));
        if (cache != null) {
            String tag = message.substring(bar + 1);
            cache.received(tag.isEmpty() ? null : tag);
        }
    }

    /**
     * A connection was (re)established, or came back after failed pings: messages may have been lost,
     * so L1 cannot be trusted and L2 waits for the next upkeep round. Runs on an I/O thread: it only
     * counts and queues.
     */
    private void requestSync() {
        syncRequested.incrementAndGet();
        listener.execute(this::clearLocal);
    }

    private void upkeepLoop() {
        while (!closed) {
            sleep(pollInterval);
            try {
                upkeep();
            } catch (RuntimeException e) {
                log.debug("Cache upkeep round failed: {}", e.toString());
            }
        }
    }

    /** One round; package-private so tests can run it without waiting. */
    void upkeep() {
        long wanted = syncRequested.get();
        for (String cache : Set.copyOf(unpersisted)) {
            debts.record(cache);
            unpersisted.remove(cache);
        }
        long polledAt = System.nanoTime();
        Map<String, Long> owed = debts.owed();
        Map<String, Long> before = owedSeen;
        for (var debt : owed.entrySet()) {
            if (!debt.getValue().equals(before.get(debt.getKey()))) {
                dropLocal(debt.getKey());
            }
        }
        owedSeen = Map.copyOf(owed);
        owedHere.entrySet()
                .removeIf(e -> !owed.containsKey(e.getKey())
                        && !unpersisted.contains(e.getKey())
                        && e.getValue() - polledAt < 0);
        RedisTier redis = this.redis;
        if (redis == null) {
            return;
        }
        checkConnections(redis);
        if (!redis.connected() || !redis.available()) {
            return;
        }
        if (synced != wanted) {
            String current = redis.runId();
            String previous = runId;
            runId = current;
            if (previous != null && !previous.equals(current)) {
                log.info("Cache L2: Redis restarted (new run id); moving every cache's generation");
                Set<String> names = new HashSet<>(caches.keySet());
                names.addAll(CacheProperties.DEFAULTS.keySet());
                for (String name : names) {
                    redis.invalidate(name, null);
                    dropLocal(name);
                }
            }
        }
        for (var debt : owed.entrySet()) {
            redis.invalidate(debt.getKey(), null);
            debts.settle(debt.getKey(), debt.getValue());
            dropLocal(debt.getKey());
            Map<String, Long> seen = new java.util.HashMap<>(owedSeen);
            seen.remove(debt.getKey(), debt.getValue());
            owedSeen = Map.copyOf(seen);
            owedHere.computeIfPresent(debt.getKey(), (k, at) -> at - polledAt < 0 ? null : at);
        }
        if (synced != wanted) {
            synced = wanted;
            if (!owed.isEmpty()) {
                log.info("Cache L2: {} owed invalidation(s) settled; reading Redis again", owed.size());
            }
        }
    }

    private void checkConnections(RedisTier redis) {
        if (!redis.hasConnections()) {
            if (connecting.compareAndSet(false, true)) {
                Thread.ofVirtual().name("redis-connect").start(() -> {
                    try {
                        redis.tryConnect();
                    } finally {
                        connecting.set(false);
                    }
                });
            }
            return;
        }
        boolean wasHealthy = redis.connected();
        if (redis.ping()) {
            failedPings = 0;
            if (!wasHealthy) {
                requestSync();
            }
        } else if (++failedPings >= PINGS_BEFORE_RECONNECT) {
            failedPings = 0;
            log.warn("Cache L2: Redis did not answer {} pings; reconnecting", PINGS_BEFORE_RECONNECT);
            redis.reconnect();
        }
    }

    private void dropLocal(String cache) {
        TieredCache<?> c = caches.get(cache);
        if (c != null) {
            c.clearLocal();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        listener.shutdownNow();
        if (redis != null) {
            redis.close();
        }
    }
}
