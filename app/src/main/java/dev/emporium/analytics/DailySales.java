package dev.emporium.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sales per UTC day (and currency) over [from, to], for one category or all. */
@Schema(
        name = "DailySales",
        description = "Orders, units and revenue per day from a materialized view; days without sales are absent",
        requiredProperties = {"asOf", "from", "to", "categoryId", "days"})
record DailySales(
        @Schema(format = "date-time", description = "When the figures were computed (refreshed off the request path)")
        Instant asOf,

        @Schema(format = "date", description = "first day, inclusive")
        LocalDate from,

        @Schema(format = "date", description = "last day, inclusive")
        LocalDate to,

        @Schema(nullable = true, format = "int64", description = "the category asked for; null: all categories")
        @Nullable
        Long categoryId,

        List<Day> days) {

    @Schema(name = "DailySalesDay", description = "One day's sales in one currency")
    record Day(
            @Schema(format = "date") LocalDate day,
            @Schema(example = "EUR") String currency,

            @Schema(format = "int64", minimum = "0", description = "orders with a line in the category (or any)")
            long orders,

            @Schema(format = "int64", minimum = "0", description = "items sold")
            long units,

            @Schema(format = "int64", minimum = "0", description = "minor units: quantity × unit price of the lines")
            long revenue) {}
}
