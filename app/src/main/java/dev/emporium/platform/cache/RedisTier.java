package dev.emporium.platform.cache;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis side of the cache: versioned reads and writes, generation bumps, and the pub/sub channel.
 *
 * <p>Redis is an accelerator, never a dependency: every call is bounded by the command timeout,
 * commands are rejected at once (not queued) while disconnected, a timeout makes the tier skip
 * Redis for {@code reconnectInterval}, and Lettuce reconnects by itself. When the first connection
 * fails at start-up a background thread keeps trying.
 *
 * <p>A connection that dies silently (a firewall drops its state, the peer is paused) looks open to
 * Lettuce until TCP keep-alive notices, hours later by default. {@link #ping()} is therefore called
 * by {@link TieredCaches}' upkeep loop on both connections; after repeated failures it drops them
 * with {@link #reconnect()} so they are built afresh.
 *
 * <p>Nothing here runs cache work on Lettuce's event-loop threads: messages and connection events
 * are handed to callbacks that only enqueue (see {@link TieredCaches}).
 */
final class RedisTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTier.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** Reads both generations (creating a missing one from the server clock, so they never repeat) and the entry. */
    private static final String FETCH = """
            local function gen(k, ttl)
              local g = redis.call('GET', k)
              if not g then
                local t = redis.call('TIME')
                g = t[1] .. string.format('%06d', tonumber(t[2]))
                redis.call('SET', k, g, 'PX', ttl)
              end
              return g
            end
            local cg = gen(KEYS[1], ARGV[3])
            local tg = gen(KEYS[2], ARGV[3])
            return {cg, tg, redis.call('GET', ARGV[1] .. cg .. ':' .. tg .. ':' .. ARGV[2])}
            """;

    /** Moves a generation strictly forward: to the server clock in microseconds, or one past it. */
    private static final String BUMP = """
            local t = redis.call('TIME')
            local now = tonumber(t[1] .. string.format('%06d', tonumber(t[2])))
            local g = tonumber(redis.call('GET', KEYS[1]) or '0')
            local nxt = now
            if g >= now then nxt = g + 1 end
            local s = string.format('%.0f', nxt)
            redis.call('SET', KEYS[1], s, 'PX', ARGV[1])
            return s
            """;

    /** A generation outlives any entry written under it; a lost generation only costs misses. */
    private static final Duration GENERATION_TTL = Duration.ofDays(2);

    private final String url;
    private final CacheKeys keys;
    private final Duration reconnectInterval;
    private final RedisClient client;
    private final ClientResources resources;
    private final String nodeId = UUID.randomUUID().toString();
    private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;
    private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private volatile long skipUntil;
    private volatile boolean closed;
    private volatile Consumer<String> onMessage = message -> {};
    private volatile Runnable onReconnect = () -> {};
    private volatile boolean pingHealthy = true;

    RedisTier(String url, CacheKeys keys, Duration commandTimeout, Duration reconnectInterval) {
        this.url = url;
        this.keys = keys;
        this.reconnectInterval = reconnectInterval;
        this.client = RedisClients.create(url, commandTimeout, reconnectInterval);
        this.resources = client.getResources();
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                onReconnect.run();
            }
        });
    }

    /** Connects now or, if Redis is not there yet, keeps trying in the background. */
    void start(Consumer<String> onMessage, Runnable onReconnect) {
        this.onMessage = onMessage;
        this.onReconnect = onReconnect;
        if (!tryConnect()) {
            log.warn(
                    "Redis at {} is unreachable; serving from L1 + PostgreSQL and retrying every {}",
                    redact(url),
                    reconnectInterval);
            Thread.ofVirtual().name("redis-connect").start(() -> {
                while (!closed && !tryConnect()) {
                    sleep(reconnectInterval);
                }
            });
        }
    }

    synchronized boolean tryConnect() {
        if (closed) {
            return true;
        }
        try {
            if (connection == null) {
                connection = client.connect(CODEC);
            }
            if (pubSub == null) {
                var subscriber = client.connectPubSub(CODEC);
                subscriber.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, byte[] message) {
                        String text = new String(message, StandardCharsets.UTF_8);
                        if (!text.startsWith(nodeId)) {
                            onMessage.accept(text.substring(text.indexOf('|') + 1));
                        }
                    }
                });
                subscriber.sync().subscribe(keys.channel());
                pubSub = subscriber;
            }
            log.info("Cache L2 connected to {}", redact(url));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Connected and not in a back-off after a timeout. */
    boolean available() {
        var c = connection;
        return c != null && c.isOpen() && System.nanoTime() - skipUntil >= 0;
    }

    /** Both connections open and answering pings (a silently dead connection also looks open). */
    boolean connected() {
        var c = connection;
        var s = pubSub;
        return pingHealthy && c != null && c.isOpen() && s != null && s.isOpen();
    }

    /**
     * One PING on each connection, each bounded by the command timeout. A failure marks the tier
     * unhealthy (health DEGRADED, L2 skipped) until a later ping succeeds.
     */
    boolean ping() {
        var c = connection;
        var s = pubSub;
        boolean ok;
        try {
            ok = c != null
                    && s != null
                    && "PONG".equals(c.sync().ping())
                    && "PONG".equals(s.sync().ping());
        } catch (RuntimeException e) {
            ok = false;
        }
        pingHealthy = ok;
        return ok;
    }

    /** The server's run id: a new one means Redis restarted and may have come back with older data. */
    String runId() {
        StatefulRedisConnection<String, byte[]> c = connection;
        if (c == null) {
            throw new IllegalStateException("Redis is not connected");
        }
        String info = c.sync().info("server");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        return "";
    }

    /** Drops both connections (after repeated failed pings) so the next {@link #tryConnect()} builds new ones. */
    synchronized void reconnect() {
        var c = connection;
        var s = pubSub;
        connection = null;
        pubSub = null;
        if (c != null) {
            c.closeAsync();
        }
        if (s != null) {
            s.closeAsync();
        }
    }

    boolean hasConnections() {
        return connection != null && pubSub != null;
    }

    /** One round trip: the current generations and, if present, the entry stored under them. */
    Fetched fetch(String cache, String tag, String key) {
        List<Object> reply = connection()
                .sync()
                .eval(
                        FETCH,
                        ScriptOutputType.MULTI,
                        new String[] {keys.cacheGeneration(cache), keys.tagGeneration(cache, tag)},
                        bytes(keys.entryStem(cache, tag)),
                        bytes(key),
                        bytes(Long.toString(GENERATION_TTL.toMillis())));
        return new Fetched(text(reply.get(0)), text(reply.get(1)), (byte[]) reply.get(2));
    }

    /**
     * Stores synchronously (misses only, bounded by the command timeout), so once a miss has been
     * answered every node finds the entry. An entry written under generations that have moved on is
     * simply never read.
     */
    void store(String cache, String tag, Fetched at, String key, byte[] value, Duration ttl) {
        connection()
                .sync()
                .set(
                        keys.entry(cache, tag, at.cacheGen(), at.tagGen(), key),
                        value,
                        SetArgs.Builder.px(ttl.toMillis()));
    }

    /** Makes every entry of the tag (or, with a null tag, of the cache) unreachable, then tells the other nodes. */
    void invalidate(String cache, @Nullable String tag) {
        String generation = tag == null ? keys.cacheGeneration(cache) : keys.tagGeneration(cache, tag);
        var sync = connection().sync();
        sync.eval(
                BUMP,
                ScriptOutputType.VALUE,
                new String[] {generation},
                bytes(Long.toString(GENERATION_TTL.toMillis())));
        sync.publish(keys.channel(), bytes(nodeId + '|' + cache + '|' + (tag == null ? "" : tag)));
    }

    /**
     * The command connection. Callers check {@link #available()} or {@link #connected()} first; a
     * command issued before the first connect fails with this exception rather than a null dereference.
     */
    private StatefulRedisConnection<String, byte[]> connection() {
        var c = connection;
        if (c == null) {
            throw new IllegalStateException("Redis is not connected yet");
        }
        return c;
    }

    /** Called after a failed command: a timeout means Redis is slow, so leave it alone for a while. */
    void failed(RuntimeException e) {
        if (e instanceof RedisCommandTimeoutException) {
            skipUntil = System.nanoTime() + reconnectInterval.toNanos();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown();
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
    }

    static String redact(String url) {
        return url.replaceFirst("//[^@/]*@", "//");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The generations an entry was looked up under, and the entry if Redis had it. */
    record Fetched(String cacheGen, String tagGen, byte @Nullable [] value) {}
}
