package dev.emporium.platform.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.rate-limit.*}. Production defaults are the policy table of the README; tuners set
 * {@code groups.<name>.limit} / {@code .period}; {@code multiplier} exists for load generators that
 * send everything from one address (the benchmark scripts set it, and say so).
 *
 * @param enabled off only for experiments: no limits, no {@code RateLimit} headers, and no 429 in the
 *     OpenAPI document
 * @param multiplier every group's limit is multiplied by this (benchmarks from 127.0.0.1 set 1000)
 * @param redisTimeout the longest a request waits for Redis before this node falls back to its own buckets
 * @param recheckInterval how often a node in fallback tries Redis again
 * @param localMaxKeys bound on this node's in-memory buckets (least recently used dropped first)
 * @param groups per group overrides of {@link #DEFAULTS}
 */
@Validated
@ConfigurationProperties("emporium.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1") double multiplier,
        @DefaultValue("100ms") Duration redisTimeout,
        @DefaultValue("1s") Duration recheckInterval,
        @DefaultValue("100000") int localMaxKeys,
        Map<String, Limit> groups) {

    /** The production policy (README "Rate limits and login protection"). */
    static final Map<String, Limit> DEFAULTS = Map.of(
            RateLimits.ANONYMOUS, new Limit(1200, Duration.ofMinutes(1)),
            RateLimits.AUTHENTICATED, new Limit(1200, Duration.ofMinutes(1)),
            RateLimits.LOGIN, new Limit(10, Duration.ofMinutes(1)),
            RateLimits.REGISTER, new Limit(5, Duration.ofMinutes(10)),
            RateLimits.REFRESH, new Limit(30, Duration.ofMinutes(1)),
            RateLimits.LOGIN_ACCOUNT, new Limit(10, Duration.ofMinutes(5)),
            RateLimits.LOGIN_ADDRESS_ACCOUNT, new Limit(5, Duration.ofMinutes(15)));

    public RateLimitProperties {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        if (!(multiplier > 0)) {
            throw new IllegalArgumentException("emporium.rate-limit.multiplier must be positive");
        }
        for (String name : groups.keySet()) {
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException(
                        "emporium.rate-limit.groups." + name + " is not a group; known: " + DEFAULTS.keySet());
            }
        }
    }

    /** The effective policy of a group: configured fields over the default, limit times the multiplier. */
    Policy policy(String group) {
        Limit base = DEFAULTS.get(group);
        if (base == null) {
            throw new IllegalArgumentException("no rate-limit group " + group);
        }
        Limit configured = groups.get(group);
        long limit = configured != null && configured.limit() > 0 ? configured.limit() : base.limit();
        Duration period = configured != null && configured.period() != null ? configured.period() : base.period();
        return new Policy(group, Math.max(1, Math.round(limit * multiplier)), java.util.Objects.requireNonNull(period));
    }

    /**
     * A token bucket: {@code limit} requests at once, refilled continuously at {@code limit} per
     * {@code period}.
     */
    public record Limit(long limit, @Nullable Duration period) {}
}
