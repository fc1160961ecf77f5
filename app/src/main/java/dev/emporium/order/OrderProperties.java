package dev.emporium.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.orders.*}.
 *
 * @param maxLines the most lines one order may have
 * @param maxQuantity the most units of one product one line may ask for
 * @param exportFetchSize rows the export reads from the database per round trip (its memory bound)
 * @param exportTimeout how long one export may run (it holds a connection and a snapshot meanwhile)
 */
@Validated
@ConfigurationProperties("emporium.orders")
record OrderProperties(
        @Min(1) @Max(500) @DefaultValue("50") int maxLines,
        @Min(1) @Max(1_000_000) @DefaultValue("100") int maxQuantity,
        @Min(10) @Max(100_000) @DefaultValue("1000") int exportFetchSize,
        @NotNull @DefaultValue("30m") Duration exportTimeout) {}
