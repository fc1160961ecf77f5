package dev.emporium.platform.security;

import dev.emporium.platform.cache.CacheKeys;
import dev.emporium.platform.cache.RedisClients;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Redis side of {@link SessionRevocations}: a sorted set holding every revoked session id scored by the epoch
 * millisecond after which none of its access tokens can verify any more, and a channel announcing additions.
 *
 * <p>The set is what a node reads when its subscription (re)connects, so revocations published while it was away
 * are not lost; the channel is what makes a revocation reach the other nodes within one network round trip. Every
 * command is bounded by the cache's command timeout and rejected at once while disconnected, as in the cache's own
 * Redis tier; nothing here runs on Lettuce's event-loop threads except flag setting and map updates.
 */
final class RevocationBus implements AutoCloseable {

    private final CacheKeys keys;
    private final RedisClient client;
    private final ClientResources resources;
    private volatile @Nullable StatefulRedisConnection<String, String> connection;
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean reloadNeeded = true;

    RevocationBus(String url, CacheKeys keys, Duration commandTimeout, Duration reconnectInterval) {
        this.keys = keys;
        this.client = RedisClients.create(url, commandTimeout, reconnectInterval);
        this.resources = client.getResources();
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                reloadNeeded = true;
            }
        });
    }

    /**
     * Opens both connections if they are not open yet; answers whether they are. {@code onAnnounced} receives each
     * announced batch (session id → deadline in epoch millis).
     */
    synchronized boolean connect(Consumer<Map<Long, Long>> onAnnounced) {
        try {
            if (connection == null) {
                connection = client.connect();
            }
            if (subscription == null) {
                var subscriber = client.connectPubSub();
                subscriber.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        onAnnounced.accept(decode(message));
                    }
                });
                subscriber.sync().subscribe(keys.revocationChannel());
                subscription = subscriber;
                reloadNeeded = true;
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** One PING on each connection (a silently dead connection also looks open). */
    boolean ping() {
        var c = connection;
        var s = subscription;
        try {
            return c != null
                    && s != null
                    && "PONG".equals(c.sync().ping())
                    && "PONG".equals(s.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True once after each (re)connect: the caller should {@link #live(long)} to catch up on what it missed. */
    boolean takeReloadNeeded() {
        boolean needed = reloadNeeded;
        reloadNeeded = false;
        return needed;
    }

    /** Adds the revocations to the set, drops the set's expired members, and announces the additions. */
    void publish(Map<Long, Long> deadlines, long nowMillis, Duration window) {
        var sync = command().sync();
        @SuppressWarnings("unchecked")
        ScoredValue<String>[] members = deadlines.entrySet().stream()
                .map(e -> ScoredValue.just(e.getValue().doubleValue(), Long.toString(e.getKey())))
                .toArray(ScoredValue[]::new);
        sync.zadd(keys.revokedSessions(), (Object[]) members);
        sync.zremrangebyscore(keys.revokedSessions(), Range.create(Double.NEGATIVE_INFINITY, (double) nowMillis));
        sync.pexpire(keys.revokedSessions(), window.toMillis());
        sync.publish(keys.revocationChannel(), encode(deadlines));
    }

    /** Every revocation in the set whose deadline is still ahead. */
    Map<Long, Long> live(long nowMillis) {
        List<ScoredValue<String>> members = command()
                .sync()
                .zrangebyscoreWithScores(
                        keys.revokedSessions(), Range.create((double) nowMillis, Double.POSITIVE_INFINITY));
        Map<Long, Long> live = new HashMap<>();
        for (ScoredValue<String> member : members) {
            live.put(Long.parseLong(member.getValue()), (long) member.getScore());
        }
        return live;
    }

    /** Drops both connections so the next {@link #connect} builds new ones (after failed pings). */
    synchronized void reconnect() {
        var c = connection;
        var s = subscription;
        connection = null;
        subscription = null;
        if (c != null) {
            c.closeAsync();
        }
        if (s != null) {
            s.closeAsync();
        }
    }

    private StatefulRedisConnection<String, String> command() {
        var c = connection;
        if (c == null) {
            throw new IllegalStateException("Redis is not connected");
        }
        return c;
    }

    static String encode(Map<Long, Long> deadlines) {
        StringJoiner joined = new StringJoiner(",");
        deadlines.forEach((session, deadline) -> joined.add(session + ":" + deadline));
        return joined.toString();
    }

    static Map<Long, Long> decode(String message) {
        Map<Long, Long> deadlines = new HashMap<>();
        for (String pair : message.split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                try {
                    deadlines.put(Long.parseLong(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
                } catch (NumberFormatException ignored) {
                    // not ours: only this class publishes on the channel
                }
            }
        }
        return deadlines;
    }

    @Override
    public void close() {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown();
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
    }
}
