package dev.emporium.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.RedisTestSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two cache "nodes" sharing the test Redis, hammered with interleaved reads and writes on a few
 * keys. The loader reads the source, then dawdles, so a write regularly commits and invalidates
 * while a stale value is on its way into the cache: the fill-vs-invalidate race, thousands of times.
 */
class TieredCacheRaceTests {

    static final int KEYS = 4;
    static final ValueCodec<Long> LONGS = new ValueCodec<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    final Map<Integer, AtomicLong> database = new ConcurrentHashMap<>();
    TieredCaches nodeA;
    TieredCaches nodeB;

    @BeforeEach
    void startNodes() {
        CacheProperties properties = new CacheProperties(
                RedisTestSupport.url(),
                Duration.ofSeconds(2),
                Duration.ofMillis(200),
                "race-" + UUID.randomUUID(),
                1024,
                Duration.ofSeconds(1),
                new CacheProperties.Warm(false, Duration.ZERO),
                Map.of());
        nodeA = new TieredCaches(properties, new SimpleMeterRegistry());
        nodeB = new TieredCaches(properties, new SimpleMeterRegistry());
        for (int k = 0; k < KEYS; k++) {
            database.put(k, new AtomicLong());
        }
        awaitConnected(nodeA);
        awaitConnected(nodeB);
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void interleavedReadsAndWritesLeaveNoStaleEntryInEitherTierOnEitherNode() throws Exception {
        TieredCache<Long> a = nodeA.cache("products", LONGS);
        TieredCache<Long> b = nodeB.cache("products", LONGS);
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            TieredCache<Long> writerNode = w == 0 ? a : b;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1_500; i++) {
                    int key = ThreadLocalRandom.current().nextInt(KEYS);
                    database.get(key).incrementAndGet();
                    writerNode.invalidate(tag(key));
                }
            }));
        }
        for (int r = 0; r < 6; r++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 3_000; i++) {
                    int key = ThreadLocalRandom.current().nextInt(KEYS);
                    TieredCache<Long> node = ThreadLocalRandom.current().nextBoolean() ? a : b;
                    try {
                        node.get(tag(key), "k", () -> slowRead(key));
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        awaitInvalidationsDelivered(a, b);
        assertThat(failures).hasValue(0);
        for (int k = 0; k < KEYS; k++) {
            int key = k;
            long truth = database.get(key).get();
            for (TieredCache<Long> node : List.of(a, b)) {
                assertThat(node.peekLocal(tag(key), "k"))
                        .as("L1 of key %d", key)
                        .isIn(null, truth);
                assertThat(node.peekRemote(tag(key), "k"))
                        .as("L2 of key %d", key)
                        .isIn(null, truth);
                assertThat(node.get(tag(key), "k", () -> slowRead(key)).value()).isEqualTo(truth);
            }
        }
        assertThat(a.metrics.l1Hit.count() + b.metrics.l1Hit.count())
                .as("the cache was used at all")
                .isPositive();
    }

    @Test
    void concurrentMissesOfOneKeyLoadItOncePerNode() throws Exception {
        TieredCache<Long> a = nodeA.cache("product-pages", LONGS);
        AtomicInteger loads = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            threads.add(Thread.ofVirtual()
                    .start(() -> a.get(CacheKeys.ALL, "page", () -> {
                        loads.incrementAndGet();
                        Thread.sleep(200);
                        return 7L;
                    })));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(loads).hasValue(1);
    }

    private Long slowRead(int key) {
        long value = database.get(key).get();
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
        return value;
    }

    private static String tag(int key) {
        return CacheKeys.product(key);
    }

    private static void awaitConnected(TieredCaches node) {
        for (int i = 0; i < 200 && node.l2State() != TieredCaches.L2State.UP; i++) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(node.l2State()).isEqualTo(TieredCaches.L2State.UP);
    }

    /** Pub/sub is asynchronous: wait (bounded) until each node has heard every invalidation the other sent. */
    private static void awaitInvalidationsDelivered(TieredCache<Long> a, TieredCache<Long> b) {
        for (int i = 0; i < 500; i++) {
            if (b.metrics.invalidationsReceived.count() >= a.metrics.invalidationsSent.count()
                    && a.metrics.invalidationsReceived.count() >= b.metrics.invalidationsSent.count()) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("invalidations were not delivered");
    }
}
