/**
 * Analytics: the admin dashboard's figures, read from materialized views and never computed on the
 * request path.
 *
 * <h2>What it owns</h2>
 * <ul>
 *   <li>{@code analytics_daily_sales}: orders, units and revenue per UTC day, category and currency
 *       (category 0 is the day over all categories);</li>
 *   <li>{@code analytics_product_sales_30d}: per product and currency over the 30 days before the
 *       refresh;</li>
 *   <li>{@code analytics_dashboard}: catalog size, customers, orders and revenue today, parcels by
 *       status, scans in the last hour.</li>
 * </ul>
 * Sales are the lines of orders that were not cancelled. Each view is refreshed concurrently every
 * {@code emporium.analytics.refresh-interval} by one node at a time (the platform's
 * {@link dev.emporium.platform.db.MaterializedViewRefresher}); a request reads a handful of rows by
 * an index and answers {@code asOf}, the instant its figures were computed. Why views: ADR 0013.
 *
 * <h2>Public API</h2>
 * None: everything is HTTP under {@code /api/v1/admin} (ADMIN only). The data generator refreshes the
 * views through the platform's refresher.
 */
@NullMarked
package dev.emporium.analytics;

import org.jspecify.annotations.NullMarked;
