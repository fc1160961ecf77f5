package dev.emporium.platform.observability;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Health probe settings.
 *
 * @param refreshInterval how often the anonymous health views (aggregate, liveness, readiness) are
 *     recomputed in the background; a probe sees a result at most this old (availability changes
 *     such as shutdown are published at once)
 */
@Validated
@ConfigurationProperties("emporium.health")
public record HealthProperties(@NotNull @DefaultValue("1s") Duration refreshInterval) {}
