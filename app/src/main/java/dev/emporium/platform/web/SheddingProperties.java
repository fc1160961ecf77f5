package dev.emporium.platform.web;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Load shedding for database-bound requests ({@link LoadShedder}).
 *
 * @param enabled off only to measure what the pool alone does under overload
 * @param maxConcurrent requests admitted at once; unset: the connection pool's size
 *     ({@code spring.datasource.hikari.maximum-pool-size}), so a request admitted never waits for a connection
 * @param queueSize requests that may wait for admission; unset: twice {@code maxConcurrent}
 * @param maxWait how long a request waits in the queue before it is shed
 * @param retryAfter what a shed request's {@code Retry-After} says (whole seconds, at least 1)
 * @param maxStartDelay an API request that waited longer than this between Jetty reading its headers and
 *     the first filter is refused at once ({@link EarlyRefusalFilter}); zero turns the check off
 * @param earlyRefusal while the gate is full, refuse requests the response cache cannot answer in the first
 *     filter, before security, rate limits and the cache spend CPU on them ({@link EarlyRefusalFilter}); off
 *     only to measure what that saves
 */
@Validated
@ConfigurationProperties("emporium.shedding")
record SheddingProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable @Min(1) Integer maxConcurrent,
        @Nullable @Min(0) Integer queueSize,
        @DefaultValue("100ms") Duration maxWait,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("100ms") Duration maxStartDelay,
        @DefaultValue("true") boolean earlyRefusal) {

    int concurrency(int poolSize) {
        return maxConcurrent != null ? maxConcurrent : Math.max(1, poolSize);
    }

    int queue(int poolSize) {
        return queueSize != null ? queueSize : 2 * concurrency(poolSize);
    }

    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
