package dev.emporium.platform.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.emporium.platform.cache.CacheKeys.L1Key;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * One named cache in two tiers: Caffeine in this process (L1) and Redis shared by every node (L2),
 * read through with get-or-load.
 *
 * <h2>Consistency rule</h2>
 * After a write has committed and {@link #invalidate(String)} has returned, no node serves the old
 * value from either tier: the writing node on its very next read, other nodes as soon as the pub/sub
 * message arrives (sub-millisecond on a LAN, always before the writer's HTTP response can reach a
 * client and come back in practice).
 *
 * <h2>How: versioned keys in both tiers, never delete-and-hope</h2>
 * Every entry carries a tag (a product, a category's lists, "all"); every tag has a generation, and
 * an entry is only readable under the generations current when it was <em>looked up</em>.
 * Invalidating a tag moves its generation forward, in Redis (a Lua script, from the server clock,
 * so generations never repeat even if a generation key is lost) and in this node's L1; other nodes
 * move their L1 generation when the pub/sub message arrives.
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>A loader captures the generations <em>before</em> it reads the source of truth. If a write
 *       commits after that read, its invalidation has moved the generation on, so the loader's value
 *       lands under a dead key: the fill-vs-invalidate race cannot leave a stale entry behind.</li>
 *   <li>The local generation moves both before and after the Redis bump, so a reader that slips in
 *       between (new local generation, old Redis value) also files its entry under a dead key.</li>
 *   <li>Concurrent misses of one key on one node share one load (single flight): the first caller
 *       loads on its own thread, the others wait for its result.</li>
 *   <li>Redis failures never fail a read: the value is loaded and served from L1.</li>
 *   <li>Invalidation never scans L1: entries under an old generation are unreachable and leave by
 *       age or by weight, so a write costs the same whatever the size of the cache.</li>
 *   <li>A follower of a single-flight load waits at most {@code follower-wait}, then loads for
 *       itself: a hung load cannot stall every request for a hot key (each load is itself bounded by
 *       the database's statement timeout and the pool's connection timeout, which answers 503).</li>
 *   <li>L1 is bounded in bytes ({@code l1-max-size}, each entry weighed by its codec), never only by
 *       entry count, so large entries cannot fill the heap.</li>
 * </ol>
 *
 * <h2>Recovery: an acknowledged write is never followed by an old read</h2>
 * Redis may keep its data through an outage (a paused connection, a partition that cuts off only the
 * writer, a restart with persistence that even rolls back to an older snapshot), so after any trouble
 * old entries must be made unreachable, not waited out. The rules:
 * <ol>
 *   <li>An invalidation that cannot reach Redis becomes a <em>debt</em> of its whole cache, recorded in
 *       PostgreSQL ({@link InvalidationDebts}), which every node reads every quarter of {@code
 *       reconnect-interval}. While a cache owes a debt, no node reads its L2, and each node drops its L1
 *       of that cache when it first sees the debt.</li>
 *   <li>Any node that reaches Redis settles a debt by moving the cache's whole generation, so nothing
 *       stored before the settlement is reachable, and broadcasts it; a debt renewed meanwhile is not
 *       removed (conditional delete on its marker). A writer cut off from Redis is covered by its peers,
 *       and a writer that restarts loses nothing.</li>
 *   <li>The writer acknowledges only after its debts are settled or, at most twice {@code
 *       reconnect-interval} later, after every live node has polled them ({@link TieredCaches#awaitSettled()}).</li>
 *   <li>After every (re)connection, and when a silently dead connection answers pings again, a node
 *       drops its L1 (pub/sub may have been lost) and reads L2 only after one upkeep round has read the
 *       debts and compared Redis' run id: a restarted Redis moves every cache's generation.</li>
 * </ol>
 * What remains: a node that is itself partitioned from both Redis and PostgreSQL keeps serving its L1
 * for at most {@code l1-ttl}.
 *
 * A loader may return null for "not cacheable"; nothing is stored and waiting callers load for themselves.
 */
@NamedInterface("cache")
public final class TieredCache<V> {

    private final String name;
    private final TieredCaches owner;
    private final ValueCodec<V> codec;
    private final Duration l2Ttl;
    private final Duration followerWait;
    private final AsyncCache<L1Key, V> l1;
    /** Node-local tag generations; entries expire after the longest L1 lifetime, when no entry can still refer to them. */
    private final Cache<String, Long> generations;

    private final AtomicLong clock;
    private volatile long epoch;
    private volatile Runnable onClear = () -> {};
    final CacheMetrics metrics;

    TieredCache(
            String name,
            CacheProperties.Spec spec,
            TieredCaches owner,
            ValueCodec<V> codec,
            CacheMetrics metrics,
            AtomicLong clock,
            Duration followerWait) {
        this.name = name;
        this.owner = owner;
        this.codec = codec;
        this.l2Ttl = spec.l2Ttl();
        this.followerWait = followerWait;
        this.metrics = metrics;
        this.clock = clock;
        this.l1 = Caffeine.newBuilder()
                .maximumWeight(spec.l1MaxSize().toBytes())
                .weigher((L1Key key, V value) ->
                        (int) Math.min(Integer.MAX_VALUE, 64L + 2L * key.key().length() + codec.weigh(value)))
                .expireAfterWrite(spec.l1Ttl())
                .removalListener(
                        (@Nullable L1Key key,
                                @Nullable V value,
                                com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                            if (cause.wasEvicted()) {
                                metrics.evictions.increment();
                            }
                        })
                .buildAsync();
        this.generations = Caffeine.newBuilder()
                .expireAfterWrite(spec.l1Ttl().multipliedBy(2).plusSeconds(1))
                .build();
    }

    public String name() {
        return name;
    }

    TieredCaches owner() {
        return owner;
    }

    /** Where a value came from: {@code L1}/{@code L2} hits, or a miss that {@code LOADED} or {@code JOINED} a load. */
    public enum Source {
        L1,
        L2,
        LOADED,
        JOINED;

        public boolean hit() {
            return this == L1 || this == L2;
        }
    }

    /** A value and where it came from; {@code value} is null when the loader said "not cacheable". */
    public record Lookup<V>(@Nullable V value, Source source) {}

    /** Loads from the source of truth; null means "do not cache". */
    @FunctionalInterface
    public interface Loader<V> {
        @Nullable
        V load() throws Exception;
    }

    /** Get-or-load through both tiers. Loader exceptions propagate (wrapped if checked). */
    public Lookup<V> get(String tag, String key, Loader<V> loader) {
        L1Key l1Key = new L1Key(tag, generation(tag), key);
        CompletableFuture<V> present = l1.getIfPresent(l1Key);
        if (present != null && present.isDone() && !present.isCompletedExceptionally()) {
            @Nullable V value = present.getNow(null);
            if (value != null) {
                metrics.l1Hit.increment();
                return new Lookup<>(value, Source.L1);
            }
        }
        metrics.l1Miss.increment();
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = l1.asMap().putIfAbsent(l1Key, mine);
        if (running != null) {
            return join(running, loader);
        }
        try {
            Lookup<V> result = lead(tag, key, loader);
            mine.complete(result.value());
            return result;
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw sneaky(e);
        }
    }

    private Lookup<V> lead(String tag, String key, Loader<V> loader) throws Exception {
        RedisTier.@Nullable Fetched at = null;
        RedisTier redis = owner.l2(name);
        if (redis != null) {
            try {
                at = redis.fetch(name, tag, key);
                if (at.value() != null) {
                    metrics.l2Hit.increment();
                    return new Lookup<>(codec.decode(at.value()), Source.L2);
                }
                metrics.l2Miss.increment();
            } catch (RuntimeException e) {
                l2Failed(redis, e);
                at = null;
            }
        }
        long started = System.nanoTime();
        @Nullable V loaded = loader.load();
        metrics.loads.record(Duration.ofNanos(System.nanoTime() - started));
        if (loaded != null && at != null && redis != null) {
            try {
                redis.store(name, tag, at, key, codec.encode(loaded), l2Ttl);
            } catch (RuntimeException e) {
                l2Failed(redis, e);
            }
        }
        return new Lookup<>(loaded, Source.LOADED);
    }

    private Lookup<V> join(CompletableFuture<V> running, Loader<V> loader) {
        @Nullable V value;
        try {
            value = running.get(followerWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            metrics.followerTimeouts.increment();
            value = null;
        } catch (ExecutionException | CancellationException e) {
            value = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a cache load", e);
        }
        if (value != null) {
            return new Lookup<>(value, Source.JOINED);
        }
        try {
            return new Lookup<>(loader.load(), Source.LOADED);
        } catch (Exception e) {
            throw sneaky(e);
        }
    }

    /** Makes every entry with this tag unreachable on every node (see the consistency rule). */
    public void invalidate(String tag) {
        bumpLocal(tag);
        owner.sendInvalidation(this, tag);
        bumpLocal(tag);
    }

    /** Makes every entry of this cache unreachable on every node. */
    public void invalidateAll() {
        clearLocal();
        owner.sendInvalidation(this, null);
        clearLocal();
    }

    /** Drops this node's L1 only (a missed pub/sub message, tests). */
    public void clearLocal() {
        epoch = clock.incrementAndGet();
        onClear.run();
        l1.synchronous().invalidateAll();
    }

    /**
     * Runs {@code action} whenever this node's L1 of the cache is dropped (a whole-cache invalidation
     * here or on another node, a reconnection, a settled debt), before anything new can be loaded
     * into it: for state derived alongside the cache, such as an in-memory snapshot.
     */
    public void whenCleared(Runnable action) {
        this.onClear = action;
    }

    void received(@Nullable String tag) {
        metrics.invalidationsReceived.increment();
        if (tag == null) {
            clearLocal();
        } else {
            bumpLocal(tag);
        }
    }

    /** The value a reader would get from L1 now, without loading or counting (tests, diagnostics). */
    @Nullable
    V peekLocal(String tag, String key) {
        CompletableFuture<V> f = l1.getIfPresent(new L1Key(tag, generation(tag), key));
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.getNow(null) : null;
    }

    /** The value Redis holds under the current generations, or null (tests, diagnostics). */
    @Nullable
    V peekRemote(String tag, String key) {
        RedisTier redis = owner.l2(name);
        if (redis == null) {
            return null;
        }
        byte[] bytes = redis.fetch(name, tag, key).value();
        return bytes == null ? null : codec.decode(bytes);
    }

    long localSize() {
        return l1.synchronous().estimatedSize();
    }

    /** Weighed bytes in L1 (approximate: key and value as the codec weighs them). */
    long localWeight() {
        l1.synchronous().cleanUp();
        return l1.synchronous()
                .policy()
                .eviction()
                .map(e -> e.weightedSize().orElse(0L))
                .orElse(0L);
    }

    private long generation(String tag) {
        Long tagGeneration = generations.getIfPresent(tag);
        long e = epoch;
        return tagGeneration == null || tagGeneration < e ? e : tagGeneration;
    }

    private void bumpLocal(String tag) {
        generations.put(tag, clock.incrementAndGet());
    }

    private void l2Failed(RedisTier redis, RuntimeException e) {
        metrics.l2Errors.increment();
        redis.failed(e);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
