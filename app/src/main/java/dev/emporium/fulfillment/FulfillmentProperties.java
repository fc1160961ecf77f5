package dev.emporium.fulfillment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.fulfillment.*}.
 *
 * @param defaultCapacity children a new parent may hold when its first scan names no capacity
 * @param statsRefresh how often one node refreshes the stats view; how old {@code asOf} may get
 * @param maxAttempts attempts of one scan write after a deadlock, serialization failure or lost race
 */
@Validated
@ConfigurationProperties("emporium.fulfillment")
record FulfillmentProperties(
        @Min(1) @Max(10_000) @DefaultValue("50") int defaultCapacity,
        @NotNull @DefaultValue("10s") Duration statsRefresh,
        @Min(1) @Max(20) @DefaultValue("5") int maxAttempts) {}
