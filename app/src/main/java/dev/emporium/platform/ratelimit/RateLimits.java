package dev.emporium.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * Named token buckets, shared by every node through Redis when it is configured and reachable, kept
 * in this node's memory otherwise.
 *
 * <p><b>Algorithm.</b> Each group ({@link Policy}) is a Bucket4j bucket per key (a client address, a
 * user id, an account): {@code limit} tokens, refilled greedily at {@code limit} per {@code period}.
 * A request takes one token or is refused with the time until the next one. In Redis a bucket is one
 * key ({@code <namespace>:rl:<group>:<key>}) updated by compare-and-swap, so every node draws from
 * the same tokens; the key expires once the bucket would be full again (plus 10 s), so idle clients
 * cost no memory. The high-rate groups ({@code anonymous}, {@code authenticated}) keep a proxy per key
 * that synchronises with Redis after a tenth of the limit or 250 ms, whichever comes first (Bucket4j's
 * delaying optimisation): a round trip costs more than the rest of a cached answer, and the price is
 * that a client spread over N nodes may overspend by up to N tenths of its limit. The strict groups
 * (login, registration, refresh, the login guard's) go to Redis on every request. In process the buckets of a group live in a Caffeine map bounded by
 * {@code local-max-keys} and dropped after a {@code period} without use (a bucket idle that long is
 * full again, so dropping it loses nothing).
 *
 * <p><b>Redis is never a reason to fail a request.</b> Every Redis call is bounded by
 * {@code redis-timeout}; the first failure switches this node to its own buckets (logged once,
 * {@code rateLimit} health DEGRADED, gauge {@code emporium.ratelimit.fallback} = 1), after which no
 * request waits for Redis at all; a background thread pings Redis every {@code recheck-interval}
 * (so a silently dead link is noticed without traffic too), and in fallback builds a new connection
 * and switches back as soon as it answers (logged once). While in fallback each node enforces the limits
 * on its own, so a client spread over N nodes gets up to N times the limit: a deliberate trade of
 * precision for availability. Buckets start full on either side of a switch.
 */
@NamedInterface("ratelimit")
public final class RateLimits implements AutoCloseable {

    /** Per client address, for calls without credentials. */
    public static final String ANONYMOUS = "anonymous";
    /** Per user ({@code sub} of the access token), for authenticated calls. */
    public static final String AUTHENTICATED = "authenticated";
    /** Per client address, {@code POST /api/v1/auth/login}. */
    public static final String LOGIN = "login";
    /** Per client address, {@code POST /api/v1/auth/register}. */
    public static final String REGISTER = "register";
    /** Per client address, {@code POST /api/v1/auth/refresh}. */
    public static final String REFRESH = "refresh";
    /** Per account name, failed logins from any address (the account feature's login guard). */
    public static final String LOGIN_ACCOUNT = "login-account";
    /** Per account name and client address, failed logins (the account feature's login guard). */
    public static final String LOGIN_ADDRESS_ACCOUNT = "login-address-account";

    /**
     * Groups whose buckets synchronise with Redis lazily: every tenth of the limit or 250 ms, whichever
     * comes first, instead of on every request (one round trip costs more than the rest of a cache hit).
     */
    private static final java.util.Set<String> HIGH_RATE = java.util.Set.of(ANONYMOUS, AUTHENTICATED);

    private static final Duration MAX_UNSYNCHRONIZED = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RateLimitProperties properties;
    private final Map<String, Policy> policies = new HashMap<>();
    private final Map<String, BucketConfiguration> configurations = new HashMap<>();
    private final Map<String, Cache<String, Bucket>> local = new HashMap<>();
    /** Redis bucket proxies of the high-rate groups, kept so their delayed synchronisation has a place to live. */
    private final Map<String, Cache<String, Bucket>> remote = new HashMap<>();

    private final String keyPrefix;
    private final @Nullable String redisUrl;
    private final @Nullable RedisClient client;
    private final @Nullable ClientResources resources;
    private final Map<String, Counter> refused = new HashMap<>();
    private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;
    private volatile @Nullable ProxyManager<String> shared;
    /** Redis is configured but this node uses its own buckets (unreachable, slow, or not connected yet). */
    private volatile boolean fallback;

    private volatile boolean closed;
    /** Set once Redis has answered; before that the description says "until", not "while unreachable". */
    private volatile boolean everShared;

    RateLimits(RateLimitProperties properties, String redisUrl, String namespace, MeterRegistry registry) {
        this.properties = properties;
        this.keyPrefix = namespace + ":rl:";
        for (String group : RateLimitProperties.DEFAULTS.keySet()) {
            Policy policy = properties.policy(group);
            policies.put(group, policy);
            configurations.put(
                    group,
                    BucketConfiguration.builder()
                            .addLimit(Bandwidth.builder()
                                    .capacity(policy.limit())
                                    .refillGreedy(policy.limit(), policy.period())
                                    .build())
                            .build());
            local.put(
                    group,
                    Caffeine.newBuilder()
                            .maximumSize(properties.localMaxKeys())
                            .expireAfterAccess(policy.period())
                            .build());
            if (HIGH_RATE.contains(group)) {
                remote.put(
                        group,
                        Caffeine.newBuilder()
                                .maximumSize(properties.localMaxKeys())
                                .expireAfterAccess(Duration.ofSeconds(30))
                                .build());
            }
            refused.put(
                    group,
                    Counter.builder("emporium.ratelimit.refused")
                            .tag("group", group)
                            .description("Requests refused by a rate limit")
                            .register(registry));
        }
        Gauge.builder("emporium.ratelimit.fallback", this, r -> r.fallback ? 1 : 0)
                .description("1 while Redis is configured but this node limits on its own buckets, else 0")
                .register(registry);
        if (redisUrl.isBlank() || !properties.enabled()) {
            this.redisUrl = null;
            this.client = null;
            this.resources = null;
            return;
        }
        this.redisUrl = redisUrl;
        this.fallback = true;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(properties.recheckInterval()))
                .build();
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(properties.redisTimeout());
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(properties.recheckInterval())
                        .keepAlive(true)
                        .build())
                .build());
        Thread.ofVirtual().name("ratelimit-redis").start(this::watchRedis);
    }

    /** False when {@code emporium.rate-limit.enabled} is off: nothing is limited. */
    public boolean enabled() {
        return properties.enabled();
    }

    /** The effective policy of a group. */
    public Policy policy(String group) {
        return Objects.requireNonNull(policies.get(group), () -> "no rate-limit group " + group);
    }

    /** Takes one token of {@code key}'s bucket in {@code group}. Never throws for Redis trouble. */
    public Decision tryConsume(String group, String key) {
        Policy policy = policy(group);
        ConsumptionProbe probe = null;
        ProxyManager<String> redis = shared;
        if (redis != null && !fallback) {
            try {
                probe = remoteBucket(redis, group, key).tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                redisFailed(e);
            }
        }
        if (probe == null) {
            probe = localBucket(group, key).tryConsumeAndReturnRemaining(1);
        }
        if (!probe.isConsumed()) {
            Objects.requireNonNull(refused.get(group)).increment();
            return new Decision(policy, false, 0, Decision.seconds(probe.getNanosToWaitForRefill()));
        }
        return new Decision(policy, true, probe.getRemainingTokens(), Decision.seconds(probe.getNanosToWaitForReset()));
    }

    /** Puts back a token taken by {@link #tryConsume} (never above the limit): the attempt turned out to be harmless. */
    public void giveBack(String group, String key) {
        policy(group);
        ProxyManager<String> redis = shared;
        if (redis != null && !fallback) {
            try {
                remoteBucket(redis, group, key).addTokens(1);
                return;
            } catch (RuntimeException e) {
                redisFailed(e);
            }
        }
        localBucket(group, key).addTokens(1);
    }

    /** Whether buckets are shared through Redis right now; false on a single node or in fallback. */
    public boolean shared() {
        return redisUrl != null && !fallback;
    }

    /** Redis configured but unusable: health DEGRADED. */
    boolean degraded() {
        return redisUrl != null && fallback;
    }

    String describe() {
        if (!properties.enabled()) {
            return "disabled (emporium.rate-limit.enabled=false)";
        }
        if (redisUrl == null) {
            return "per-node buckets (REDIS_URL not set)";
        }
        String where = redisUrl.replaceFirst("//[^@/]*@", "//");
        if (fallback && !everShared) {
            return "per-node buckets until Redis at " + where + " answers (connecting)";
        }
        return fallback
                ? "per-node buckets while Redis at " + where + " is unreachable"
                : "shared buckets in Redis at " + where;
    }

    private Bucket remoteBucket(ProxyManager<String> redis, String group, String key) {
        Cache<String, Bucket> proxies = remote.get(group);
        long unsynchronized = policy(group).limit() / 10;
        if (proxies == null || unsynchronized < 1) {
            // strict groups, and limits too small to spare a tenth: every request goes to Redis
            return redis.builder().build(keyPrefix + group + ':' + key, () -> configuration(group));
        }
        return proxies.get(
                key,
                k -> redis.builder()
                        .withOptimization(
                                Optimizations.delaying(new DelayParameters(unsynchronized, MAX_UNSYNCHRONIZED)))
                        .build(keyPrefix + group + ':' + k, () -> configuration(group)));
    }

    private BucketConfiguration configuration(String group) {
        return Objects.requireNonNull(configurations.get(group));
    }

    private Bucket localBucket(String group, String key) {
        return Objects.requireNonNull(local.get(group))
                .get(
                        key,
                        k -> Bucket.builder()
                                .addLimit(configuration(group).getBandwidths()[0])
                                .build());
    }

    void redisFailed(RuntimeException e) {
        if (!fallback) {
            fallback = true;
            log.warn(
                    "Rate limits: Redis failed ({}); this node now limits on its own buckets until Redis answers again",
                    e.toString());
        }
    }

    /**
     * In fallback, every recheck interval: a new connection and a PING; when it answers, buckets are
     * shared again. The connection is always built afresh, because commands lost on a dead link stay
     * queued in Lettuce and would pair later replies with the wrong commands.
     */
    private void watchRedis() {
        RedisClient c = Objects.requireNonNull(client);
        boolean warned = false;
        while (!closed) {
            if (fallback) {
                dropConnection();
                try {
                    StatefulRedisConnection<String, byte[]> conn = c.connect(CODEC);
                    connection = conn;
                    if ("PONG".equals(conn.sync().ping())) {
                        shared = Bucket4jLettuce.casBasedBuilder(conn)
                                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                        Duration.ofSeconds(10)))
                                .requestTimeout(properties.redisTimeout())
                                .build();
                        fallback = false;
                        everShared = true;
                        warned = false;
                        log.info("Rate limits: buckets are shared through Redis at {}", describeUrl());
                    }
                } catch (RuntimeException e) {
                    if (!warned) {
                        log.warn(
                                "Rate limits: Redis at {} is unreachable ({}); limiting on per-node buckets, retrying every {}",
                                describeUrl(),
                                e.toString(),
                                properties.recheckInterval());
                        warned = true;
                    }
                }
            } else {
                // a silently dead link is noticed here too, not only by the next request that waits on it
                try {
                    var conn = connection;
                    if (conn == null || !"PONG".equals(conn.sync().ping())) {
                        redisFailed(new IllegalStateException("PING unanswered"));
                    }
                } catch (RuntimeException e) {
                    redisFailed(e);
                }
            }
            sleep(properties.recheckInterval());
        }
        dropConnection();
    }

    private void dropConnection() {
        shared = null;
        remote.values().forEach(Cache::invalidateAll);
        var conn = connection;
        connection = null;
        if (conn != null) {
            conn.closeAsync();
        }
    }

    private String describeUrl() {
        return Objects.requireNonNull(redisUrl).replaceFirst("//[^@/]*@", "//");
    }

    @Override
    public void close() {
        closed = true;
        RedisClient c = client;
        ClientResources r = resources;
        if (c != null && r != null) {
            try {
                c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                r.shutdown();
            } catch (RuntimeException ignored) {
                // shutting down anyway
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
