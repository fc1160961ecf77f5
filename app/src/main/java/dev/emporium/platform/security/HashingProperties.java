package dev.emporium.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.security.hashing.*}: the bounded pool password hashing runs on (see
 * {@link BoundedPasswordEncoder}).
 *
 * @param concurrency hashes computed at once; 0 means half the cores, at least one
 * @param maxQueue requests that may wait for a slot; one more is refused at once
 * @param maxWait the longest a request waits for a slot before it is refused
 */
@ConfigurationProperties("emporium.security.hashing")
public record HashingProperties(
        @DefaultValue("0") int concurrency,
        @DefaultValue("0") int maxQueue,
        @DefaultValue("1s") Duration maxWait) {

    int effectiveConcurrency() {
        return concurrency > 0 ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** 0 means four waiting per slot: about 350 ms of bcrypt at cost 10 before the last one starts. */
    int effectiveQueue() {
        return maxQueue > 0 ? maxQueue : 4 * effectiveConcurrency();
    }
}
