package dev.emporium.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires {@link LoadSheddingFilter} just after Spring Security's filter chain (order -100): after the
 * response cache ({@code HIGHEST_PRECEDENCE + 20}), so cache hits are never shed, and after
 * authentication, so a request with a bad token is refused before it queues. Limits derive from the
 * connection pool's size unless {@link SheddingProperties} sets them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "emporium.shedding.enabled", matchIfMissing = true)
class LoadSheddingConfiguration {

    /** Spring Security's filter chain runs at -100 ({@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}). */
    static final int FILTER_ORDER = -90;

    private static final Logger log = LoggerFactory.getLogger(LoadSheddingConfiguration.class);

    @Bean
    LoadShedder loadShedder(SheddingProperties properties, Environment environment, MeterRegistry registry) {
        int pool = environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);
        LoadShedder shedder =
                new LoadShedder(properties.concurrency(pool), properties.queue(pool), properties.maxWait(), registry);
        log.info(
                "load shedding: {} database-bound requests at once, {} more wait up to {} ms, then 503 (pool {})",
                shedder.maxConcurrent(),
                shedder.queueSize(),
                properties.maxWait().toMillis(),
                pool);
        return shedder;
    }

    /**
     * Right after the security headers (first) and the metrics filter (HIGHEST + 1, so refusals are
     * counted as 503s), before any other work: a request that could not start in time, or that finds the
     * gate full, is refused.
     */
    @Bean
    FilterRegistrationBean<EarlyRefusalFilter> earlyRefusalFilter(
            LoadShedder shedder, SheddingProperties properties, JsonMapper json, MeterRegistry registry) {
        var registration = new FilterRegistrationBean<>(new EarlyRefusalFilter(
                properties.maxStartDelay(),
                EarlyRefusalFilter.JETTY,
                properties.earlyRefusal() ? shedder : null,
                json,
                properties.retryAfterSeconds(),
                registry));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.setEnabled(!properties.maxStartDelay().isZero() || properties.earlyRefusal());
        return registration;
    }

    @Bean
    FilterRegistrationBean<LoadSheddingFilter> loadSheddingFilter(
            LoadShedder shedder, SheddingProperties properties, JsonMapper json) {
        var registration =
                new FilterRegistrationBean<>(new LoadSheddingFilter(shedder, json, properties.retryAfterSeconds()));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
