package dev.emporium.platform.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.emporium.platform.cache.CacheKeys.L1Key;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 *   <li>Redis failures never fail a read: the value is loaded and served from L1. A failed
 *       invalidation is queued, L2 is not read on this node until the queue has been replayed, and
 *       every node drops its whole L1 when its Redis connection comes back (pub/sub may have been
 *       lost meanwhile). While Redis is down, other nodes' L1 can lag by at most {@code l1-ttl}.</li>
 * </ol>
 * A loader may return null for "not cacheable"; nothing is stored and waiting callers load for themselves.
 */
@NamedInterface("cache")
public final class TieredCache<V> {

    private final String name;
    private final TieredCaches owner;
    private final ValueCodec<V> codec;
    private final Duration l2Ttl;
    private final AsyncCache<L1Key, V> l1;
    /** Node-local tag generations; entries expire after the longest L1 lifetime, when no entry can still refer to them. */
    private final Cache<String, Long> generations;

    private final AtomicLong clock;
    private volatile long epoch;
    final CacheMetrics metrics;

    TieredCache(
            String name,
            CacheProperties.Spec spec,
            TieredCaches owner,
            ValueCodec<V> codec,
            CacheMetrics metrics,
            AtomicLong clock) {
        this.name = name;
        this.owner = owner;
        this.codec = codec;
        this.l2Ttl = spec.l2Ttl();
        this.metrics = metrics;
        this.clock = clock;
        this.l1 = Caffeine.newBuilder()
                .maximumSize(spec.maxEntries())
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
        RedisTier redis = owner.l2();
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
            value = running.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            value = null;
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
        l1.synchronous().invalidateAll();
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
        RedisTier redis = owner.l2();
        if (redis == null) {
            return null;
        }
        byte[] bytes = redis.fetch(name, tag, key).value();
        return bytes == null ? null : codec.decode(bytes);
    }

    long localSize() {
        return l1.synchronous().estimatedSize();
    }

    private long generation(String tag) {
        Long tagGeneration = generations.getIfPresent(tag);
        long e = epoch;
        return tagGeneration == null || tagGeneration < e ? e : tagGeneration;
    }

    private void bumpLocal(String tag) {
        generations.put(tag, clock.incrementAndGet());
        l1.synchronous().asMap().keySet().removeIf(k -> k.tag().equals(tag));
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
