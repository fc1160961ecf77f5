package dev.emporium.analytics;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.analytics.*}.
 *
 * @param refreshInterval delay between the end of one refresh of each analytics view and the start of
 *     the next (one node at a time); with the refresh's own duration, how old {@code asOf} may get
 * @param dailySalesInterval the same for the daily sales table, whose round applies only the orders
 *     placed or cancelled since the previous one, so it can run more often than the views
 */
@Validated
@ConfigurationProperties("emporium.analytics")
record AnalyticsProperties(
        @NotNull @DefaultValue("60s") Duration refreshInterval,
        @NotNull @DefaultValue("15s") Duration dailySalesInterval) {}
