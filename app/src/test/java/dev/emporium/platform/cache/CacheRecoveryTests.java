package dev.emporium.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.RedisTestSupport;
import dev.emporium.support.TcpProxy;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Redis trouble in which Redis keeps its data: a node cut off by a silent network drop while the
 * others still reach Redis, every node cut off, and a Redis that restarts from an older snapshot.
 * In each, once the write has been acknowledged ({@link TieredCaches#awaitSettled()} returned) and
 * Redis is back, no node may serve the value from before the write.
 */
class CacheRecoveryTests {

    static final String TAG = CacheKeys.product(7);
    final AtomicLong database = new AtomicLong(1);
    final InvalidationDebts debts = InvalidationDebts.inMemory();
    final String namespace = "recovery-" + UUID.randomUUID();
    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    @Test
    void aWriterCutOffFromRedisIsCoveredByAPeerAndNoNodeServesTheOldValueAfterTheAcknowledgement() {
        TcpProxy link = track(TcpProxy.toRedis(RedisTestSupport.url()));
        TieredCache<Long> a = cache(node(link.redisUrl()));
        TieredCaches nodeB = node(RedisTestSupport.url());
        TieredCache<Long> b = cache(nodeB);
        assertThat(read(b)).isEqualTo(1);
        assertThat(read(a)).isEqualTo(1);

        link.blackhole(true);
        database.set(2);
        a.invalidate(TAG);
        a.owner().awaitSettled();

        assertThat(read(b)).as("the peer that still reaches Redis").isEqualTo(2);
        assertThat(read(a)).as("the writer").isEqualTo(2);
        await(() -> debts.owed().isEmpty(), "the peer settles the writer's debt");
        await(() -> a.owner().l2State() == TieredCaches.L2State.DEGRADED, "a silently dead link is noticed");
        assertThat(b.peekRemote(TAG, "k")).isIn(null, 2L);

        link.blackhole(false);
        await(() -> a.owner().l2State() == TieredCaches.L2State.UP, "the writer reconnects");
        assertThat(read(a)).isEqualTo(2);
        assertThat(read(b)).isEqualTo(2);
    }

    @Test
    void aWriteWhileEveryNodeIsCutOffIsNeverFollowedByTheOldValueWhenRedisReturnsWithItsData() {
        TcpProxy linkA = track(TcpProxy.toRedis(RedisTestSupport.url()));
        TcpProxy linkB = track(TcpProxy.toRedis(RedisTestSupport.url()));
        TieredCache<Long> a = cache(node(linkA.redisUrl()));
        TieredCache<Long> b = cache(node(linkB.redisUrl()));
        assertThat(read(b)).isEqualTo(1);
        assertThat(read(a)).isEqualTo(1);

        linkA.blackhole(true);
        linkB.blackhole(true);
        database.set(2);
        a.invalidate(TAG);
        a.owner().awaitSettled();
        assertThat(read(b)).as("during the outage, on the other node").isEqualTo(2);

        linkA.blackhole(false);
        linkB.blackhole(false);
        await(() -> a.owner().l2State() == TieredCaches.L2State.UP, "A is back");
        await(() -> b.owner().l2State() == TieredCaches.L2State.UP, "B is back");
        assertThat(read(b)).isEqualTo(2);
        assertThat(read(a)).isEqualTo(2);
        assertThat(debts.owed()).isEmpty();
    }

    @Test
    void aRedisThatRestartsFromAnOlderSnapshotCannotResurrectOldEntries() throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("redis-snapshot");
        RedisServer[] server = {startRedis(port, dir)};
        closeables.add(() -> server[0].stop());
        String url = "redis://127.0.0.1:" + port;
        TieredCache<Long> a = cache(node(url));
        TieredCache<Long> b = cache(node(url));
        assertThat(read(b)).isEqualTo(1);
        RedisClient admin = RedisClient.create(url);
        try (var connection = admin.connect()) {
            connection.sync().save();
        } finally {
            admin.shutdown();
        }
        database.set(2);
        a.invalidate(TAG);
        a.owner().awaitSettled();
        // pub/sub is asynchronous: B is judged once A's message has reached it
        await(() -> b.metrics.invalidationsReceived.count() >= 1, "B hears the invalidation");
        assertThat(read(b)).isEqualTo(2);

        server[0].stop();
        await(() -> a.owner().l2State() == TieredCaches.L2State.DEGRADED, "A notices");
        await(() -> b.owner().l2State() == TieredCaches.L2State.DEGRADED, "B notices");
        server[0] = startRedis(port, dir);
        await(() -> a.owner().l2State() == TieredCaches.L2State.UP, "A is back");
        await(() -> b.owner().l2State() == TieredCaches.L2State.UP, "B is back");
        assertThat(read(b)).isEqualTo(2);
        assertThat(read(a)).isEqualTo(2);
    }

    @Test
    void pubSubMessagesAreHandledOffTheRedisClientsIoThreads() {
        TieredCaches nodeA = node(RedisTestSupport.url());
        TieredCaches nodeB = node(RedisTestSupport.url());
        cache(nodeB);
        cache(nodeA).invalidate(TAG);
        await(() -> nodeB.lastListenerThread != null, "B hears the invalidation");
        assertThat(nodeB.lastListenerThread).isEqualTo("cache-invalidations");
    }

    @Test
    void aDebtRenewedWhileItWasBeingSettledIsNotDropped() {
        debts.record("products");
        long read = debts.owed().get("products");
        debts.record("products");
        assertThat(debts.settle("products", read)).isFalse();
        assertThat(debts.owed()).containsKey("products");
    }

    private TieredCaches node(String redisUrl) {
        CacheProperties properties = new CacheProperties(
                redisUrl,
                Duration.ofMillis(200),
                Duration.ofMillis(400),
                namespace,
                1024,
                Duration.ofSeconds(1),
                new CacheProperties.Warm(false, Duration.ZERO),
                Map.of());
        TieredCaches node = track(new TieredCaches(properties, new SimpleMeterRegistry(), debts));
        await(() -> node.l2State() == TieredCaches.L2State.UP, "the node connects");
        return node;
    }

    private static TieredCache<Long> cache(TieredCaches node) {
        return node.cache("products", TieredCacheRaceTests.LONGS);
    }

    private Long read(TieredCache<Long> cache) {
        return cache.get(TAG, "k", database::get).value();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static RedisServer startRedis(int port, Path dir) throws Exception {
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("dir " + dir)
                .build();
        server.start();
        return server;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void await(BooleanSupplier condition, String what) {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}
