package dev.emporium.analytics;

import dev.emporium.platform.db.RefreshedView;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the analytics views (V13) to the platform's refresher, each on the configured interval. */
@Configuration(proxyBeanMethods = false)
class AnalyticsViews {

    static final String DAILY_SALES = "analytics_daily_sales";
    static final String PRODUCT_SALES = "analytics_product_sales_30d";
    static final String DASHBOARD = "analytics_dashboard";

    /** Every day of the history: a pass over orders and their lines, by whatever plan is cheapest. */
    @Bean
    RefreshedView dailySalesView(AnalyticsProperties properties) {
        return new RefreshedView(DAILY_SALES, properties.refreshInterval());
    }

    /** The last 30 days of orders, found by {@code orders_created_idx}. */
    @Bean
    RefreshedView productSalesView(AnalyticsProperties properties) {
        return new RefreshedView(PRODUCT_SALES, properties.refreshInterval());
    }

    /**
     * Counters only: each is an index-only walk (active products, customers by role, parcels by
     * status) or an index range (today's orders, the last hour's scans), never a read of a heap.
     */
    @Bean
    RefreshedView dashboardView(AnalyticsProperties properties) {
        return new RefreshedView(DASHBOARD, properties.refreshInterval(), Map.of("enable_seqscan", "off"));
    }
}
