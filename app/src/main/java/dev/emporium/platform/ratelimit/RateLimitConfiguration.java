package dev.emporium.platform.ratelimit;

import dev.emporium.platform.cache.CacheProperties;
import dev.emporium.platform.web.TrustedProxies;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.web.AuthenticationEntryPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the limiter: {@link RateLimits} on the cache's Redis ({@code REDIS_URL}) and namespace, the
 * per-address filter before the response cache, the per-user filter that the security chain places
 * after bearer authentication ({@link #perUserFilter()}), and the {@code rateLimit} health component.
 */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    /** After the request guard (HIGHEST + 15), before the response cache (HIGHEST + 20): cache hits count. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 17;

    static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable; limiting on per-node buckets");

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    private final RateLimits limits;
    private final ClientAddress addresses;
    private final JsonMapper json;

    /** The key the trusted proxies had before they moved to {@value TrustedProxies#KEY}; refused so none is lost. */
    static final String FORMER_TRUSTED_PROXIES = "emporium.rate-limit.trusted-proxies";

    RateLimitConfiguration(
            RateLimitProperties properties,
            CacheProperties cache,
            MeterRegistry registry,
            JsonMapper json,
            TrustedProxies trustedProxies,
            Environment environment) {
        if (Binder.get(environment)
                .bind(FORMER_TRUSTED_PROXIES, Bindable.listOf(String.class))
                .isBound()) {
            throw new IllegalStateException(FORMER_TRUSTED_PROXIES + " is no longer read: list the proxies in "
                    + TrustedProxies.KEY + " (one list for client addresses and HSTS)");
        }
        this.limits = new RateLimits(properties, cache.redisUrl(), cache.namespace(), registry);
        this.addresses = new ClientAddress(trustedProxies);
        this.json = json;
        log.info("Rate limits: {}", limits.describe());
    }

    @Bean(destroyMethod = "close")
    RateLimits rateLimits() {
        return limits;
    }

    @Bean
    ClientAddress clientAddress() {
        return addresses;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilters.ByAddress> rateLimitByAddressFilter() {
        var registration = new FilterRegistrationBean<>(new RateLimitFilters.ByAddress(limits, addresses, json));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /**
     * The per-user limiter, for the security chain to add after its bearer-token filter. Not a bean:
     * a {@link Filter} bean would also be registered for every request outside the chain.
     */
    public Filter perUserFilter() {
        return new RateLimitFilters.ByUser(limits, json);
    }

    /**
     * The security chain's answer to a bearer token that failed verification, charged to the caller's
     * address: 401 from {@code rejection} while the address has anonymous budget left, 429 after.
     */
    public AuthenticationEntryPoint invalidTokenEntryPoint(AuthenticationEntryPoint rejection) {
        return RateLimitFilters.chargingInvalidTokens(limits, addresses, json, rejection);
    }

    @Bean
    HealthIndicator rateLimitHealthIndicator() {
        return () -> (limits.degraded() ? Health.status(DEGRADED) : Health.up())
                .withDetail("mode", limits.shared() ? "shared" : "per-node")
                .withDetail("description", limits.describe())
                .build();
    }
}
