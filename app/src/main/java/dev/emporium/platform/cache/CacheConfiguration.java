package dev.emporium.platform.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;

/**
 * Wires the cache: {@link TieredCaches}, {@link CacheMode} (bean {@code cacheMode}), the
 * {@code cache} health component, the response filter and start-up warming.
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    /** After the request-metrics filter (HIGHEST + 1) and the statement counter (HIGHEST + 10), before security. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    @Bean(destroyMethod = "close")
    TieredCaches tieredCaches(CacheProperties properties, MeterRegistry registry, InvalidationDebts debts) {
        TieredCaches caches = new TieredCaches(properties, registry, debts);
        // What /actuator/health says as DEGRADED, as a number the alert rules (deploy/) can watch.
        Gauge.builder("emporium.cache.l2.degraded", caches, c -> c.l2State() == TieredCaches.L2State.DEGRADED ? 1 : 0)
                .description(
                        "1 while Redis is configured but unreachable or owed invalidations (health DEGRADED), else 0")
                .register(registry);
        log.info(
                "Cache: {}{}",
                caches.mode().describe(),
                properties.l2Configured() ? "" : " (set REDIS_URL to share an L2 cache between nodes)");
        return caches;
    }

    @Bean
    CacheMode cacheMode(CacheProperties properties) {
        return new CacheMode(properties.redisUrl());
    }

    @Bean
    CacheHealthIndicator cacheHealthIndicator(TieredCaches caches, CacheMode cacheMode) {
        return new CacheHealthIndicator(caches, cacheMode);
    }

    @Bean
    FilterRegistrationBean<ResponseCacheFilter> responseCacheFilter(
            TieredCaches caches, List<CacheableRoutes> routes, CacheProperties properties) {
        var registration =
                new FilterRegistrationBean<>(new ResponseCacheFilter(caches, routes, properties.gzipMinBytes()));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    @Bean
    CacheWarmer cacheWarmer(List<CacheableRoutes> routes, CacheProperties properties) {
        return new CacheWarmer(routes, properties.warm().budget());
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmOnStart(ApplicationReadyEvent event) {
        CacheProperties properties = event.getApplicationContext().getBean(CacheProperties.class);
        Integer port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", Integer.class);
        if (properties.warm().enabled() && port != null && port > 0) {
            event.getApplicationContext().getBean(CacheWarmer.class).startWarming(port);
        }
    }
}
