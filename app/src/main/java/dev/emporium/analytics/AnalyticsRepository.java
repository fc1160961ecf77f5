package dev.emporium.analytics;

import java.time.Instant;
import java.time.LocalDate;
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
     * One round of the daily sales (ADR 0022): takes every change the checkouts and cancellations have
     * logged ({@code order_sales_changes}: +1 for an order placed, -1 for one cancelled) and adds each
     * changed order's figures times its net sign to the rows of its day, one statement. The log rows are
     * deleted in the statement that applies them, from the same snapshot, so a change is applied exactly
     * once: one committed after the snapshot waits for the next round. An order placed and cancelled
     * between two rounds nets to zero and is skipped. Orders, lines and products are read by primary
     * key, so a round costs the orders changed since the last one, not the day's. Answers the rows it
     * touched, with their new order counts (a row at zero is then deleted by {@link #DELETE_EMPTY}).
     */
    static final String APPLY_CHANGES = LINEAGE + """
            consumed as (
                    delete from order_sales_changes
                    returning order_id, sign),
            net as materialized (
                    select order_id, sum(sign) as sign
                      from consumed
                     group by order_id
                    having sum(sign) <> 0),
            sold as materialized (
                    select (o.created_at at time zone 'UTC')::date as day, o.id as order_id, n.sign, o.currency,
                           l.quantity, l.unit_price, p.category_id
                      from net n
                      join orders o on o.id = n.order_id
                      join order_lines l on l.order_id = o.id
                      join products p on p.id = l.product_id),
            per_order as (
                    select a.ancestor_id as category_id, s.day, s.currency, s.order_id, min(s.sign) as sign,
                           sum(s.quantity)::bigint as units, sum(s.quantity::bigint * s.unit_price)::bigint as revenue
                      from sold s
                      join lineage a on a.category_id = s.category_id
                     group by a.ancestor_id, s.day, s.currency, s.order_id
                    union all
                    select 0, s.day, s.currency, s.order_id, min(s.sign),
                           sum(s.quantity)::bigint, sum(s.quantity::bigint * s.unit_price)::bigint
                      from sold s
                     group by s.day, s.currency, s.order_id),
            delta as (
                    select category_id, day, currency, sum(sign)::bigint as orders,
                           sum(sign * units)::bigint as units, sum(sign * revenue)::bigint as revenue
                      from per_order
                     group by category_id, day, currency)
            insert into analytics_daily_sales as d (category_id, day, currency, orders, units, revenue)
            select category_id, day, currency, orders, units, revenue
              from delta
                on conflict (category_id, day, currency) do update
               set orders = d.orders + excluded.orders,
                   units = d.units + excluded.units,
                   revenue = d.revenue + excluded.revenue
            returning d.day, d.orders
            """;

    /** Rows of the given days left with no order (every order of theirs cancelled), by the day index. */
    static final String DELETE_EMPTY = """
            delete from analytics_daily_sales
             where day = any (cast(:days as date[]))
               and orders = 0
            """;

    /**
     * Every day of the history (the data generator's load, a full rebuild): one pass over all lines. The
     * change log is emptied in the same statement, from the same snapshot: what it held is in the
     * recomputation, and what commits after it is applied by the next round.
     */
    static final String INSERT_ALL_DAYS = LINEAGE + """
            consumed as (
                    delete from order_sales_changes),
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
     * Applies every logged order change ({@link #APPLY_CHANGES}) and drops the rows left at zero orders:
     * answers how many rows changed. Run by the refresher in its transaction, so readers switch from the
     * old figures to the new ones at its commit.
     */
    int applyChanges() {
        java.util.Set<LocalDate> emptied = new java.util.TreeSet<>();
        int[] touched = {0};
        jdbc.sql(APPLY_CHANGES).query(rs -> {
            touched[0]++;
            if (rs.getLong(2) == 0) {
                emptied.add(rs.getDate(1).toLocalDate());
            }
        });
        if (!emptied.isEmpty()) {
            jdbc.sql(DELETE_EMPTY)
                    .param(
                            "days",
                            emptied.stream()
                                    .map(LocalDate::toString)
                                    .collect(java.util.stream.Collectors.joining(",", "{", "}")))
                    .update();
        }
        return touched[0];
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
