package dev.emporium.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the analytics reads: each one statement over a materialized view, by its index. The
 * sales reads start from the view's refresh record, so an empty answer still says when it was
 * computed.
 */
@Repository
class AnalyticsRepository {

    static final String DASHBOARD = "select metric, k, value, as_of from analytics_dashboard";

    /** One category (0: all) over a range of days: a range of {@code analytics_daily_sales_key}. */
    static final String DAILY_SALES = """
            select coalesce(d.as_of, r.refreshed_at), d.day, d.currency, d.orders, d.units, d.revenue
              from materialized_view_refreshes r
              left join analytics_daily_sales d
                on d.category_id = :category
               and d.day between :from and :to
             where r.view_name = 'analytics_daily_sales'
             order by d.day, d.currency
            """;

    /** The first {@code limit} entries of {@code analytics_product_sales_30d_units_idx}. */
    static final String TOP_BY_UNITS = """
            select coalesce(t.as_of, r.refreshed_at), t.product_id, t.sku, t.name, t.category_id, t.currency,
                   t.orders, t.units, t.revenue
              from materialized_view_refreshes r
              left join lateral (
                    select *
                      from analytics_product_sales_30d
                     order by units desc, product_id, currency
                     limit :limit) t on true
             where r.view_name = 'analytics_product_sales_30d'
             order by t.units desc, t.product_id, t.currency
            """;

    /** The first {@code limit} entries of {@code analytics_product_sales_30d_revenue_idx}. */
    static final String TOP_BY_REVENUE = """
            select coalesce(t.as_of, r.refreshed_at), t.product_id, t.sku, t.name, t.category_id, t.currency,
                   t.orders, t.units, t.revenue
              from materialized_view_refreshes r
              left join lateral (
                    select *
                      from analytics_product_sales_30d
                     order by revenue desc, product_id, currency
                     limit :limit) t on true
             where r.view_name = 'analytics_product_sales_30d'
             order by t.revenue desc, t.product_id, t.currency
            """;

    private final JdbcClient jdbc;

    AnalyticsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Counter(String metric, String key, long value, Instant asOf) {}

    /** A day's sales; {@code day} is null in the one row that answers a range without sales. */
    record DayRow(Instant asOf, @Nullable LocalDate day, String currency, long orders, long units, long revenue) {}

    /** A product's sales; {@code productId} is 0 in the one row that answers an empty view. */
    record ProductRow(
            Instant asOf,
            long productId,
            String sku,
            String name,
            long categoryId,
            String currency,
            long orders,
            long units,
            long revenue) {}

    List<Counter> dashboard() {
        return jdbc.sql(DASHBOARD)
                .query((rs, n) -> new Counter(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    List<DayRow> dailySales(long category, LocalDate from, LocalDate to) {
        return jdbc.sql(DAILY_SALES)
                .param("category", category)
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> {
                    java.sql.Date day = rs.getDate(2);
                    return new DayRow(
                            rs.getTimestamp(1).toInstant(),
                            day == null ? null : day.toLocalDate(),
                            nonNull(rs.getString(3)),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6));
                })
                .list();
    }

    List<ProductRow> topProducts(TopProducts.Order by, int limit) {
        return jdbc.sql(by == TopProducts.Order.REVENUE ? TOP_BY_REVENUE : TOP_BY_UNITS)
                .param("limit", limit)
                .query((rs, n) -> new ProductRow(
                        rs.getTimestamp(1).toInstant(),
                        rs.getLong(2),
                        nonNull(rs.getString(3)),
                        nonNull(rs.getString(4)),
                        rs.getLong(5),
                        nonNull(rs.getString(6)),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9)))
                .list();
    }

    /** The outer join's empty side reads as "" rather than null; the caller drops that row. */
    private static String nonNull(@Nullable String value) {
        return value == null ? "" : value;
    }
}
