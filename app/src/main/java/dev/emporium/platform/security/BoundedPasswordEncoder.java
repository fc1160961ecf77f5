package dev.emporium.platform.security;

import dev.emporium.platform.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Contract;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Runs password hashing (bcrypt, ~87 ms of CPU per login at cost 10 on the project's machine) on a
 * bounded pool, so logins and registrations can never take every core from catalog reads.
 *
 * <p>At most {@code concurrency} hashes run at once (half the cores by default: the other half stays
 * free for everything else however many logins arrive); up to {@code max-queue} more requests wait,
 * each at most {@code max-wait}. Beyond that a request is refused at once with 503 problem+json
 * ({@code code: hashing_busy}) and {@code Retry-After: 1}, before any CPU is spent on it. Requests
 * run on virtual threads, so the waiting ones cost nothing but their place in the semaphore's queue.
 *
 * <p>The rate limiter refuses abusive logins earlier still; this bound is for legitimate bursts and
 * for attackers spread over more addresses than the limits can see. Metrics:
 * {@code emporium.security.password.hashes} (computed), {@code emporium.security.password.refused}
 * and the gauge {@code emporium.security.password.waiting}.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Semaphore slots;
    private final int maxQueue;
    private final Duration maxWait;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter hashes;
    private final Counter refused;

    BoundedPasswordEncoder(PasswordEncoder delegate, HashingProperties properties, MeterRegistry registry) {
        this.delegate = delegate;
        this.slots = new Semaphore(properties.effectiveConcurrency(), true);
        this.maxQueue = properties.effectiveQueue();
        this.maxWait = properties.maxWait();
        this.hashes = Counter.builder("emporium.security.password.hashes")
                .description("Password hashes computed (login checks and new hashes)")
                .register(registry);
        this.refused = Counter.builder("emporium.security.password.refused")
                .description("Requests refused with 503 because the hashing pool and its queue were full")
                .register(registry);
        Gauge.builder("emporium.security.password.waiting", waiting, AtomicInteger::get)
                .description("Requests waiting for a hashing slot")
                .register(registry);
    }

    @Override
    @Contract("null -> null; !null -> !null")
    public @Nullable String encode(@Nullable CharSequence rawPassword) {
        if (rawPassword == null) {
            return null;
        }
        acquire();
        try {
            hashes.increment();
            return delegate.encode(rawPassword);
        } finally {
            slots.release();
        }
    }

    @Override
    public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
        acquire();
        try {
            hashes.increment();
            return delegate.matches(rawPassword, encodedPassword);
        } finally {
            slots.release();
        }
    }

    @Override
    public boolean upgradeEncoding(@Nullable String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private void acquire() {
        if (slots.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > maxQueue) {
            waiting.decrementAndGet();
            throw busy();
        }
        try {
            if (!slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private ApiException busy() {
        refused.increment();
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Service unavailable",
                "Too many logins and registrations are being checked right now; retry shortly",
                Map.of(),
                Map.of("code", "hashing_busy"),
                Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
}
