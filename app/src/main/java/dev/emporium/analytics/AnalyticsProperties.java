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
 * @param dailySalesInterval the same for the daily sales table, whose round recomputes only the days of
 *     orders changed since the previous one (mostly today), so it can run more often than the views
 * @param lateCommitMargin how far before the previous round's start the daily sales look for changed
 *     orders: an order's {@code updated_at} is its transaction's start, so a transaction that began
 *     before a round and committed after it is found by the next round as long as it lasted less than
 *     this (request transactions end within seconds; the bound is their statement timeouts)
 */
@Validated
@ConfigurationProperties("emporium.analytics")
record AnalyticsProperties(
        @NotNull @DefaultValue("60s") Duration refreshInterval,
        @NotNull @DefaultValue("15s") Duration dailySalesInterval,
        @NotNull @DefaultValue("10m") Duration lateCommitMargin) {}
