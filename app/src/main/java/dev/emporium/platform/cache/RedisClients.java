package dev.emporium.platform.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import org.springframework.modulith.NamedInterface;

/**
 * How every Redis client of the application is built (the cache's L2, the rate limiter's buckets, the
 * revoked-session bus), so that all of them fail the same way when Redis is slow or gone: a command waits at most
 * {@code commandTimeout}; while disconnected, commands are rejected at once instead of queueing; the connection
 * is re-established every {@code reconnectInterval}, which also bounds each connect attempt; TCP keep-alive finds
 * a peer that vanished without closing.
 *
 * <p>The client has resources of its own: its owner shuts down the client, then
 * {@link RedisClient#getResources()}.
 */
@NamedInterface("cache")
public final class RedisClients {

    private RedisClients() {}

    public static RedisClient create(String url, Duration commandTimeout, Duration reconnectInterval) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(reconnectInterval))
                .build();
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(commandTimeout);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(reconnectInterval)
                        .keepAlive(true)
                        .build())
                .build());
        return client;
    }
}
