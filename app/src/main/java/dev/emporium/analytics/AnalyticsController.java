package dev.emporium.analytics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The admin dashboard's figures. ADMIN only (the security chain's rule for /api/v1/admin/**). */
@Tag(name = "analytics-admin")
@RestController
class AnalyticsController {

    private static final String FRESHNESS = " Served from a materialized view refreshed off the request path every "
            + "emporium.analytics.refresh-interval (60 s) by one node at a time; `asOf` says when the figures were "
            + "computed.";

    private final AnalyticsService analytics;

    AnalyticsController(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Operation(
            operationId = "dashboardStats",
            summary = "Dashboard counters: catalog, customers, today's orders and revenue, parcels, scans",
            description = "Active products, categories, customers, orders and revenue since midnight UTC (orders not "
                    + "cancelled) per currency, parcels by status and scans in the last hour." + FRESHNESS)
    @ApiResponse(responseCode = "200", description = "The counters")
    @GetMapping("/api/v1/admin/stats")
    DashboardStats stats() {
        return analytics.dashboard();
    }

    @Operation(
            operationId = "dailySales",
            summary = "Orders, units and revenue per day, for one category or all",
            description = "Per UTC day in [from, to] (both inclusive, at most 366 days) and currency: orders not "
                    + "cancelled, the units and revenue (quantity × unit price) of their lines. With `category`, only "
                    + "lines of products in that category or any category below it, and `orders` counts the "
                    + "orders with such a line (once, however many of its lines). An unknown category has no "
                    + "sales. Days without sales are absent." + FRESHNESS)
    @ApiResponse(responseCode = "200", description = "The days with sales in the range")
    @GetMapping("/api/v1/admin/sales/daily")
    DailySales daily(
            @Parameter(
                            description = "First day (yyyy-MM-dd, UTC), inclusive; default: 29 days before `to`",
                            schema = @Schema(format = "date"),
                            example = "2026-11-01")
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "Last day (yyyy-MM-dd, UTC), inclusive; default: today",
                            schema = @Schema(format = "date"),
                            example = "2026-11-24")
                    @RequestParam(required = false)
                    String to,
            @Parameter(description = "A category id, its subtree included; default: all categories", example = "12")
                    @RequestParam(required = false)
                    Long category) {
        return analytics.dailySales(from, to, category);
    }

    @Operation(
            operationId = "topProducts",
            summary = "Best-selling products over the last 30 days",
            description = "Per product and currency over the 30 days before `asOf`: orders not cancelled, units and "
                    + "revenue; the first `limit` by units or by revenue (ties by product id)." + FRESHNESS)
    @ApiResponse(responseCode = "200", description = "The best sellers")
    @GetMapping("/api/v1/admin/sales/top-products")
    TopProducts topProducts(
            @Parameter(
                            description = "Rank by units sold or by revenue",
                            schema =
                                    @Schema(
                                            allowableValues = {"units", "revenue"},
                                            defaultValue = "units"))
                    @RequestParam(required = false)
                    String by,
            @Parameter(
                            description = "How many products",
                            schema = @Schema(minimum = "1", maximum = "100", defaultValue = "10"))
                    @RequestParam(required = false)
                    Integer limit) {
        return analytics.topProducts(by, limit);
    }
}
