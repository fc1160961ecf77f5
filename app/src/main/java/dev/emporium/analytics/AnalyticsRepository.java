package dev.emporium.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the analytics reads, each one statement over a view (or the daily table) by its index, and
 * of the daily table's maintenance. The sales reads start from the view's refresh record, which is
 * also their {@code asOf}, so an empty answer still says when it was computed.
 */
@Repository
class AnalyticsRepository {

    static final String DASHBOARD = "select metric, k, value, as_of from analytics_dashboard";

    /** One category (0: all) over a range of days: a range of {@code analytics_daily_sales_key}. */
    static final String DAILY_SALES = """
            select r.refreshed_at, d.day, d.currency, d.orders, d.units, d.revenue
              from materialized_view_refreshes r
              left join analytics_daily_sales d
                on d.category_id = :category
               and d.day between :from and :to
             where r.view_name = 'analytics_daily_sales'
             order by d.day, d.currency
            """;

    /** The first {@code limit} entries of {@code analytics_product_sales_30d_units_idx}. */
    static final String TOP_BY_UNITS = """
            select r.refreshed_at, t.product_id, t.sku, t.name, t.category_id, t.currency,
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
            select r.refreshed_at, t.product_id, t.sku, t.name, t.category_id, t.currency,
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

    /** The UTC days of the orders created, cancelled or shipped since an instant ({@code orders_updated_idx}). */
    static final String CHANGED_DAYS = """
            select distinct (created_at at time zone 'UTC')::date
              from orders
             where updated_at >= :since
            """;

    static final String DELETE_DAYS = "delete from analytics_daily_sales where day = any(cast(:days as date[]))";

    static final String DELETE_ALL_DAYS = "delete from analytics_daily_sales";

    /**
     * One day recomputed: a range of {@code orders_created_idx}, the lines and products by primary key.
     * One statement per day, with the day's bounds as values: the planner then estimates the day's
     * orders from the column's statistics (a join against a list of days was estimated at a third of
     * the table and read every line: 825 ms for two days at scale 1).
     */
    static final String INSERT_DAY = """
            insert into analytics_daily_sales (category_id, day, currency, orders, units, revenue)
            select coalesce(p.category_id, 0), cast(:day as date), o.currency, count(distinct o.id),
                   sum(l.quantity)::bigint, sum(l.quantity::bigint * l.unit_price)::bigint
              from orders o
              join order_lines l on l.order_id = o.id
              join products p on p.id = l.product_id
             where o.created_at >= :start
               and o.created_at < :end
               and o.status <> 'CANCELLED'
             group by grouping sets ((p.category_id, o.currency), (o.currency))
            """;

    /** Every day of the history (the data generator's load, a full rebuild): one pass over all lines. */
    static final String INSERT_ALL_DAYS = """
            insert into analytics_daily_sales (category_id, day, currency, orders, units, revenue)
            select coalesce(p.category_id, 0), (o.created_at at time zone 'UTC')::date, o.currency,
                   count(distinct o.id), sum(l.quantity)::bigint, sum(l.quantity::bigint * l.unit_price)::bigint
              from orders o
              join order_lines l on l.order_id = o.id
              join products p on p.id = l.product_id
             where o.status <> 'CANCELLED'
             group by grouping sets (((o.created_at at time zone 'UTC')::date, p.category_id, o.currency),
                                     ((o.created_at at time zone 'UTC')::date, o.currency))
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

    /**
     * Recomputes the days of every order changed since {@code since} (deleted, then inserted from the
     * orders): answers how many days. Run by the refresher in its transaction, so readers switch from
     * the old figures to the new ones at its commit.
     */
    int recomputeChangedDays(Instant since) {
        List<LocalDate> days = jdbc.sql(CHANGED_DAYS)
                .param("since", java.sql.Timestamp.from(since))
                .query((rs, n) -> rs.getDate(1).toLocalDate())
                .list();
        if (days.isEmpty()) {
            return 0;
        }
        jdbc.sql(DELETE_DAYS).param("days", dateArray(days)).update();
        for (LocalDate day : days) {
            jdbc.sql(INSERT_DAY)
                    .param("day", java.sql.Date.valueOf(day))
                    .param(
                            "start",
                            java.sql.Timestamp.from(
                                    day.atStartOfDay(ZoneOffset.UTC).toInstant()))
                    .param(
                            "end",
                            java.sql.Timestamp.from(
                                    day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                    .update();
        }
        return days.size();
    }

    /** Recomputes every day of the history. */
    void recomputeAllDays() {
        jdbc.sql(DELETE_ALL_DAYS).update();
        jdbc.sql(INSERT_ALL_DAYS).update();
    }

    static String dateArray(List<LocalDate> days) {
        StringBuilder literal = new StringBuilder(days.size() * 11 + 2).append('{');
        for (int i = 0; i < days.size(); i++) {
            literal.append(i == 0 ? "" : ",").append(days.get(i));
        }
        return literal.append('}').toString();
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
