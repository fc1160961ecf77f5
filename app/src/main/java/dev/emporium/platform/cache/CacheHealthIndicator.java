package dev.emporium.platform.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code cache} health component: UP on L1 only or with a healthy Redis; {@code DEGRADED}
 * when Redis is configured but unreachable (or owed invalidations). DEGRADED is not in the status
 * order, so it never turns the overall or readiness status down: the service still answers.
 */
final class CacheHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable; serving from L1 and PostgreSQL");

    private final TieredCaches caches;
    private final CacheMode mode;

    CacheHealthIndicator(TieredCaches caches, CacheMode mode) {
        this.caches = caches;
        this.mode = mode;
    }

    @Override
    public Health health() {
        TieredCaches.L2State state = caches.l2State();
        Health.Builder builder = state == TieredCaches.L2State.DEGRADED ? Health.status(DEGRADED) : Health.up();
        return builder.withDetail("mode", mode.l2Configured() ? "L1+L2" : "L1-only")
                .withDetail("description", mode.describe())
                .withDetail("l2", state.name())
                .withDetail("pendingInvalidations", caches.pendingInvalidations())
                .build();
    }
}
