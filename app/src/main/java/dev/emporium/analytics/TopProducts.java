package dev.emporium.analytics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The best-selling products over the 30 days before the last refresh. */
@Schema(name = "TopProducts", description = "Best sellers over the last 30 days, from a materialized view")
record TopProducts(
        @Schema(format = "date-time", description = "When the figures were computed; the 30 days end then")
        Instant asOf,

        @Schema(minimum = "30", maximum = "30", description = "the window in days, ending at asOf")
        int days,

        @Schema(allowableValues = {"units", "revenue"}) String by,
        @Schema(minimum = "1", maximum = "100") int limit,
        List<Item> items) {

    static final int DAYS = 30;

    enum Order {
        UNITS,
        REVENUE
    }

    @Schema(name = "TopProduct", description = "One product's sales in one currency over the window")
    record Item(
            @Schema(format = "int64") long productId,
            String sku,
            String name,
            @Schema(format = "int64") long categoryId,
            @Schema(example = "EUR") String currency,
            @Schema(format = "int64", minimum = "1") long orders,
            @Schema(format = "int64", minimum = "1") long units,

            @Schema(format = "int64", minimum = "0", description = "minor units")
            long revenue) {}
}
