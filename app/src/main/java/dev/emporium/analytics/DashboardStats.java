package dev.emporium.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The admin dashboard's counters, as of the last refresh of {@code analytics_dashboard}. */
@Schema(name = "DashboardStats", description = "Dashboard counters from a materialized view; asOf says when")
record DashboardStats(
        @Schema(format = "date-time", description = "When the figures were computed (refreshed off the request path)")
        Instant asOf,

        @Schema(format = "int64", minimum = "0", description = "active products in the catalog")
        long products,

        @Schema(format = "int64", minimum = "0") long categories,
        @Schema(format = "int64", minimum = "0") long customers,

        @Schema(format = "int64", minimum = "0", description = "orders placed since midnight UTC, not cancelled")
        long ordersToday,

        @Schema(description = "today's orders and revenue per currency")
        List<CurrencySales> today,

        List<ParcelCount> parcelsByStatus,
        @Schema(format = "int64", minimum = "0") long scansLastHour) {

    @Schema(name = "DashboardCurrencySales", description = "Orders and revenue today in one currency")
    record CurrencySales(
            @Schema(example = "EUR") String currency,
            @Schema(format = "int64", minimum = "0") long orders,

            @Schema(format = "int64", minimum = "0", description = "minor units")
            long revenue) {}

    @Schema(name = "DashboardParcelCount", description = "Parcels in one status")
    record ParcelCount(
            @Schema(allowableValues = {"CREATED", "SCANNED_IN", "PACKED", "DISPATCHED", "DELIVERED"})
            String status,

            @Schema(format = "int64", minimum = "0") long parcels) {}
}
