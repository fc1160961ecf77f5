package dev.emporium.platform.cache;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code emporium.cache.*}. Only {@code redis-url} (normally from {@code REDIS_URL}) is something
 * everyone sets; the per-cache specs are for tuners; the rest almost nobody touches.
 *
 * @param redisUrl {@code redis://host:port}; blank means L1 only
 * @param commandTimeout the longest a request waits on Redis before carrying on without it
 * @param reconnectInterval delay between reconnect attempts, and how long L2 is skipped after a timeout
 * @param namespace first segment of every Redis key and channel (a tenant or version prefix goes here)
 * @param gzipMinBytes bodies larger than this get a cached gzip variant (and are stored compressed in Redis)
 * @param followerWait how long a request waits for another request's load of the same key before loading itself
 * @param warm start-up warming of the hottest keys
 * @param caches per cache name overrides of {@link Spec}; unset fields fall back to {@link #spec(String)}
 */
@ConfigurationProperties("emporium.cache")
public record CacheProperties(
        String redisUrl,
        @DefaultValue("200ms") Duration commandTimeout,
        @DefaultValue("1s") Duration reconnectInterval,
        @DefaultValue("emporium") String namespace,
        @DefaultValue("1024") int gzipMinBytes,
        @DefaultValue("1s") Duration followerWait,
        @DefaultValue Warm warm,
        Map<String, Spec> caches) {

    /** Built-in defaults per data type: pages change with any product write, details with their own. */
    static final Map<String, Spec> DEFAULTS = Map.of(
            "products", new Spec(Duration.ofSeconds(60), Duration.ofMinutes(10), DataSize.ofMegabytes(64)),
            "product-pages", new Spec(Duration.ofSeconds(30), Duration.ofMinutes(5), DataSize.ofMegabytes(64)),
            "popular", new Spec(Duration.ofSeconds(30), Duration.ofMinutes(5), DataSize.ofMegabytes(8)),
            "categories", new Spec(Duration.ofMinutes(5), Duration.ofMinutes(30), DataSize.ofMegabytes(8)));

    static final Spec FALLBACK = new Spec(Duration.ofSeconds(60), Duration.ofMinutes(10), DataSize.ofMegabytes(16));

    public CacheProperties {
        redisUrl = redisUrl == null ? "" : redisUrl.trim();
        caches = caches == null ? Map.of() : Map.copyOf(caches);
    }

    boolean l2Configured() {
        return !redisUrl.isEmpty();
    }

    /** The effective spec of one cache: configured fields, else the data type's default, else {@link #FALLBACK}. */
    Spec spec(String cache) {
        Spec base = DEFAULTS.getOrDefault(cache, FALLBACK);
        Spec configured = caches.get(cache);
        if (configured == null) {
            return base;
        }
        return new Spec(
                configured.l1Ttl() != null ? configured.l1Ttl() : base.l1Ttl(),
                configured.l2Ttl() != null ? configured.l2Ttl() : base.l2Ttl(),
                configured.l1MaxSize() != null ? configured.l1MaxSize() : base.l1MaxSize());
    }

    /**
     * @param l1Ttl lifetime in this node's memory; also the bound on cross-node staleness while Redis is down
     * @param l2Ttl lifetime in Redis
     * @param l1MaxSize L1 capacity in bytes as the codec weighs entries (least valuable evicted first)
     */
    public record Spec(Duration l1Ttl, Duration l2Ttl, DataSize l1MaxSize) {}

    /**
     * @param enabled warm at start-up
     * @param budget warming stops when this time is up, whatever is left
     */
    public record Warm(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5s") Duration budget) {}
}
