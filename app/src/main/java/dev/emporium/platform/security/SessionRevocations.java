package dev.emporium.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The set of ended sessions that every authenticated request is checked against, so a logout, a "log out
 * everywhere" or a role change stops the session's access tokens at once instead of when they expire.
 *
 * <p><b>What is kept.</b> A session id ({@code sid} claim) and its deadline: the revocation time plus one access-token
 * lifetime plus the 60 s clock skew the decoder tolerates. After the deadline no token of the session can verify
 * anyway (no token is minted for a revoked session), so the entry is dropped. The set is therefore bounded by the
 * revocations of one token lifetime, and held in a Caffeine map capped at {@code emporium.security.revocation
 * .max-entries}; should more sessions than that end within one token lifetime, the oldest entries are evicted early
 * and the eviction is logged and counted ({@code emporium.security.revocations.evicted}), so raise the cap.
 *
 * <p><b>The check</b> is one map lookup in this node's memory: no network, no database.
 *
 * <p><b>How nodes learn.</b> The revoking node writes the database first (the account feature does that), then adds
 * to its own set, then to Redis: a sorted set every node reads when its subscription (re)connects, plus a pub/sub
 * message that reaches the other nodes within a round trip. When Redis is not configured or not answering (PING
 * every {@code fallback-poll-interval}), each node instead reads the sessions revoked within one token lifetime from
 * PostgreSQL every {@code fallback-poll-interval} (default 1 s): one indexed query per node per interval, whatever
 * the request rate, so a Redis outage delays a revocation on other nodes by at most that interval and never fails a
 * request. With Redis healthy the database is still read every {@code reconcile-interval} (15 s), which bounds the
 * delay in the one case pub/sub cannot cover: the revoking node could not reach Redis while the others could. If the
 * database is down too, the node keeps what it knows (its set is not cleared) and catches up when it returns.
 */
@NamedInterface("security")
public final class SessionRevocations implements AutoCloseable {

    /** What {@code JwtTimestampValidator} tolerates past {@code exp} by default. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);

    private final Cache<Long, Long> deadlines;
    private final Duration window;
    private final RevocationProperties properties;
    private final RevokedSessionSource source;
    private final @Nullable RevocationBus bus;
    private final Clock clock;
    private final Counter evicted;
    private final ScheduledExecutorService ticker;
    private volatile boolean redisHealthy;
    private volatile long lastDatabaseRead = Long.MIN_VALUE;
    private int failedPings;

    SessionRevocations(
            Duration accessTokenTtl,
            RevocationProperties properties,
            RevokedSessionSource source,
            @Nullable RevocationBus bus,
            MeterRegistry registry,
            Clock clock) {
        this.window = accessTokenTtl.plus(CLOCK_SKEW);
        this.properties = properties;
        this.source = source;
        this.bus = bus;
        this.clock = clock;
        this.evicted = Counter.builder("emporium.security.revocations.evicted")
                .description("Revoked sessions forgotten before their tokens expired because the set was full")
                .register(registry);
        this.deadlines = Caffeine.newBuilder()
                .maximumSize(properties.maxEntries())
                // evict on the revoking thread, not later on the common pool: the bound holds at every moment,
                // however busy the machine (revocations are rare, so the caller's cost is nothing)
                .executor(Runnable::run)
                .expireAfter(new UntilDeadline(clock))
                .removalListener((@Nullable Long session, @Nullable Long deadline, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evicted.increment();
                        log.warn(
                                "Revoked session {} forgotten early: more than {} sessions ended within one token"
                                        + " lifetime; raise emporium.security.revocation.max-entries",
                                session,
                                properties.maxEntries());
                    }
                })
                .build();
        Gauge.builder("emporium.security.revoked.sessions", deadlines, Cache::estimatedSize)
                .description("Revoked sessions whose access tokens could still be presented")
                .register(registry);
        Gauge.builder("emporium.security.revocations.fallback", this, r -> r.redisHealthy ? 0 : 1)
                .description("1 while revocations travel by database polling instead of Redis pub/sub")
                .register(registry);
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("session-revocations").daemon().factory());
    }

    /** Starts the background work: connecting to Redis, PINGs, the database reads. */
    void start() {
        long every = properties.fallbackPollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Whether the session was revoked; a session never seen here is not. */
    public boolean isRevoked(long sessionId) {
        return deadlines.getIfPresent(sessionId) != null;
    }

    /**
     * Records sessions the caller revoked in the database: effective on this node on return (or, inside a
     * transaction, once it commits, so a rolled-back revocation never stops a live session), on the other nodes
     * within a Redis round trip (or the poll interval while Redis is away). Never fails for Redis.
     */
    public void revoke(Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            List<Long> afterCommit = List.copyOf(sessionIds);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    announce(afterCommit);
                }
            });
        } else {
            announce(sessionIds);
        }
    }

    private void announce(Collection<Long> sessionIds) {
        long deadline = clock.millis() + window.toMillis();
        Map<Long, Long> added = new HashMap<>();
        for (Long session : sessionIds) {
            added.put(session, deadline);
        }
        deadlines.putAll(added);
        RevocationBus redis = bus;
        if (redis != null) {
            try {
                redis.publish(added, clock.millis(), window);
            } catch (RuntimeException e) {
                log.warn(
                        "Could not announce {} revoked sessions through Redis; other nodes learn from the database"
                                + " within {}",
                        added.size(),
                        properties.reconcileInterval());
            }
        }
    }

    /** Whether revocations currently travel through Redis (else: database polling). */
    boolean redisHealthy() {
        return redisHealthy;
    }

    private void remember(Map<Long, Long> announced) {
        long now = clock.millis();
        announced.forEach((session, deadline) -> {
            if (deadline > now) {
                deadlines.asMap().merge(session, deadline, Math::max);
            }
        });
    }

    void tick() {
        try {
            boolean healthy = checkRedis();
            if (healthy && !redisHealthy) {
                log.info("Session revocations travel through Redis pub/sub again");
            } else if (!healthy && redisHealthy) {
                log.warn(
                        "Redis is not answering; session revocations are read from PostgreSQL every {}",
                        properties.fallbackPollInterval());
            }
            redisHealthy = healthy;
            long now = System.nanoTime();
            long due = healthy ? properties.reconcileInterval().toNanos() : 0;
            if (lastDatabaseRead == Long.MIN_VALUE || now - lastDatabaseRead >= due) {
                readDatabase();
                lastDatabaseRead = now;
            }
        } catch (RuntimeException e) {
            log.debug("Session revocation upkeep failed; retrying in {}", properties.fallbackPollInterval(), e);
        }
    }

    private boolean checkRedis() {
        RevocationBus redis = bus;
        if (redis == null || !redis.connect(this::remember)) {
            return false;
        }
        if (!redis.ping()) {
            if (++failedPings >= 3) {
                redis.reconnect();
                failedPings = 0;
            }
            return false;
        }
        failedPings = 0;
        if (redis.takeReloadNeeded()) {
            try {
                remember(redis.live(clock.millis()));
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private void readDatabase() {
        try {
            Map<Long, Long> recent = new HashMap<>();
            source.revokedWithin(window).forEach((session, revokedAt) -> recent.put(session, deadlineOf(revokedAt)));
            remember(recent);
        } catch (RuntimeException e) {
            log.debug("Could not read revoked sessions from the database; keeping what this node knows", e);
        }
    }

    private long deadlineOf(Instant revokedAt) {
        return revokedAt.toEpochMilli() + window.toMillis();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        RevocationBus redis = bus;
        if (redis != null) {
            redis.close();
        }
    }

    /** Each entry lives until its own deadline (epoch millis), measured on the given clock. */
    private record UntilDeadline(Clock clock) implements Expiry<Long, Long> {
        @Override
        public long expireAfterCreate(Long session, Long deadline, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, deadline - clock.millis()));
        }

        @Override
        public long expireAfterUpdate(Long session, Long deadline, long currentTime, long currentDuration) {
            return expireAfterCreate(session, deadline, currentTime);
        }

        @Override
        public long expireAfterRead(Long session, Long deadline, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
