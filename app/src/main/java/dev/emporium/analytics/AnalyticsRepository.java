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

    static final String DELETE_ALL_DAYS = "delete from analytics_daily_sales";

    /**
     * Every category paired with itself and with each of its ancestors: a sale counts in the category
     * of its product and in every category above it, so that a category's row covers its subtree.
     */
    private static final String LINEAGE = """
            with recursive lineage (category_id, ancestor_id) as (
                    select id, id
                      from categories
                    union all
                    select lineage.category_id, c.parent_id
                      from lineage
                      join categories c on c.id = lineage.ancestor_id
                     where c.parent_id is not null),
            """;

    /**
     * The rows of {@code sold (day, order_id, currency, quantity, unit_price, category_id)}: one per
     * category subtree, day and currency, and the day over every category (category 0). An order with
     * lines in two categories of one subtree counts once in that subtree's row.
     */
    private static final String FIGURES = """
            select a.ancestor_id as category_id, s.day, s.currency, count(distinct s.order_id) as orders,
                   sum(s.quantity)::bigint as units, sum(s.quantity::bigint * s.unit_price)::bigint as revenue
              from sold s
              join lineage a on a.category_id = s.category_id
             group by a.ancestor_id, s.day, s.currency
            union all
            select 0, s.day, s.currency, count(distinct s.order_id),
                   sum(s.quantity)::bigint, sum(s.quantity::bigint * s.unit_price)::bigint
              from sold s
             group by s.day, s.currency
            """;

    /**
     * One day brought up to date: its figures recomputed from a range of {@code orders_created_idx}
     * (lines and products by primary key), then only the rows that differ are written: changed
     * figures updated, new ones inserted, vanished ones deleted (a day recomputed every round would
     * otherwise rewrite all its rows each time). The day's bounds are values, so the planner estimates
     * the day's orders from the column's statistics (a join against a list of days was estimated at a
     * third of the table and read every line: 825 ms for two days at scale 1).
     */
    static final String REFRESH_DAY = LINEAGE + """
            sold as materialized (
                    select cast(:day as date) as day, o.id as order_id, o.currency, l.quantity, l.unit_price,
                           p.category_id
                      from orders o
                      join order_lines l on l.order_id = o.id
                      join products p on p.id = l.product_id
                     where o.created_at >= :start
                       and o.created_at < :end
                       and o.status <> 'CANCELLED'),
            figures as materialized (
            """ + FIGURES + """
            ),
            vanished as (
                    delete from analytics_daily_sales d
                     where d.day = cast(:day as date)
                       and not exists (select 1
                                         from figures f
                                        where f.category_id = d.category_id
                                          and f.currency = d.currency))
            insert into analytics_daily_sales (category_id, day, currency, orders, units, revenue)
            select category_id, day, currency, orders, units, revenue
              from figures
                on conflict (category_id, day, currency) do update
               set orders = excluded.orders, units = excluded.units, revenue = excluded.revenue
             where (analytics_daily_sales.orders, analytics_daily_sales.units, analytics_daily_sales.revenue)
                   is distinct from (excluded.orders, excluded.units, excluded.revenue)
            """;

    /** Every day of the history (the data generator's load, a full rebuild): one pass over all lines. */
    static final String INSERT_ALL_DAYS = LINEAGE + """
            sold as materialized (
                    select (o.created_at at time zone 'UTC')::date as day, o.id as order_id, o.currency,
                           l.quantity, l.unit_price, p.category_id
                      from orders o
                      join order_lines l on l.order_id = o.id
                      join products p on p.id = l.product_id
                     where o.status <> 'CANCELLED')
            insert into analytics_daily_sales (category_id, day, currency, orders, units, revenue)
            """ + FIGURES;

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
     * Recomputes the days of every order changed since {@code since}, writing only the rows whose
     * figures changed: answers how many days. Run by the refresher in its transaction, so readers switch from
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
        for (LocalDate day : days) {
            jdbc.sql(REFRESH_DAY)
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
