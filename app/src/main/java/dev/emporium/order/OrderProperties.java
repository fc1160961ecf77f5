package dev.emporium.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.orders.*}.
 *
 * @param maxLines the most lines one order may have
 * @param maxQuantity the most units of one product one line may ask for
 * @param exportFetchSize rows the export reads from the database per round trip (its memory bound)
 */
@Validated
@ConfigurationProperties("emporium.orders")
record OrderProperties(
        @Min(1) @Max(500) @DefaultValue("50") int maxLines,
        @Min(1) @Max(1_000_000) @DefaultValue("100") int maxQuantity,
        @Min(10) @Max(100_000) @DefaultValue("1000") int exportFetchSize) {}
