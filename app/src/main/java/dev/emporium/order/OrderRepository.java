package dev.emporium.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code orders} and {@code order_lines}. Every list is newest first by keyset on
 * {@code (created_at, id)}, each shape over its own index: a customer's orders over
 * {@code orders_customer_created_idx}, by status over {@code orders_status_created_idx}, all of them
 * over {@code orders_created_idx}. Counts stop at a cap so their cost is bounded too.
 */
@Repository
class OrderRepository {

    /** The sequence behind {@code orders.id}, from which a checkout reserves its order's id. */
    static final String ID_SEQUENCE = "orders_id_seq";

    static final String COLUMNS = "o.id, o.customer_id, o.status, o.total, o.currency, o.created_at, o.updated_at";

    /**
     * The order and its lines in one round trip; the lines' array order is the line order. The id was
     * reserved with the idempotency key ({@link #ID_SEQUENCE}). The order's sales count from the next
     * daily-sales round ({@code order_sales_changes}, ADR 0022).
     */
    static final String INSERT = """
            with o as (
                insert into orders (id, customer_id, status, total, currency, line_count)
                values (:id, :customerId, 'PLACED', :total, :currency, :lineCount)
                returning id, created_at
            ), l as (
                insert into order_lines (order_id, line_no, product_id, quantity, unit_price)
                select o.id, x.line_no, x.product_id, x.quantity, x.unit_price
                  from o
                 cross join unnest(cast(:productIds as bigint[]), cast(:quantities as int[]), cast(:prices as bigint[]))
                       with ordinality as x (product_id, quantity, unit_price, line_no)
            ), sales as (
                insert into order_sales_changes (order_id, sign)
                select id, 1 from o
            )
            select id, created_at from o
            """;

    /** One order with its lines and their products' names: one statement whatever the number of lines. */
    static final String DETAIL = """
            select o.id, o.customer_id, o.status, o.total, o.currency, o.created_at, o.updated_at,
                   l.product_id, p.name, l.quantity, l.unit_price
              from orders o
              join order_lines l on l.order_id = o.id
              join products p on p.id = l.product_id
             where o.id = :id
               and (cast(:customerId as bigint) is null or o.customer_id = :customerId)
             order by l.line_no
            """;

    static final String CUSTOMER_PAGE = "select " + COLUMNS + """

              from orders o
             where o.customer_id = :customerId
               and o.created_at >= :from and o.created_at < :to
               and (o.created_at, o.id) < (:beforeAt, :beforeId)
               and (cast(:status as text) is null or o.status = :status)
             order by o.created_at desc, o.id desc
             limit :limit
            """;

    static final String STATUS_PAGE = "select " + COLUMNS + """

              from orders o
             where o.status = :status
               and o.created_at >= :from and o.created_at < :to
               and (o.created_at, o.id) < (:beforeAt, :beforeId)
             order by o.created_at desc, o.id desc
             limit :limit
            """;

    static final String ALL_PAGE = "select " + COLUMNS + """

              from orders o
             where o.created_at >= :from and o.created_at < :to
               and (o.created_at, o.id) < (:beforeAt, :beforeId)
             order by o.created_at desc, o.id desc
             limit :limit
            """;

    static final String CUSTOMER_COUNT = """
            select count(*)
              from (select 1
                      from orders o
                     where o.customer_id = :customerId
                       and o.created_at >= :from and o.created_at < :to
                       and (cast(:status as text) is null or o.status = :status)
                     order by o.created_at desc, o.id desc
                     limit :cap + 1) capped
            """;

    static final String STATUS_COUNT = """
            select count(*)
              from (select 1
                      from orders o
                     where o.status = :status
                       and o.created_at >= :from and o.created_at < :to
                     order by o.created_at desc, o.id desc
                     limit :cap + 1) capped
            """;

    static final String ALL_COUNT = """
            select count(*)
              from (select 1
                      from orders o
                     where o.created_at >= :from and o.created_at < :to
                     order by o.created_at desc, o.id desc
                     limit :cap + 1) capped
            """;

    /** The lines of a page of orders, in one statement (never one per order). */
    static final String LINES_OF = """
            select l.order_id, l.product_id, p.name, l.quantity, l.unit_price
              from order_lines l
              join products p on p.id = l.product_id
             where l.order_id = any (cast(:orderIds as bigint[]))
             order by l.order_id, l.line_no
            """;

    /** The one way to cancel: only a placed order of this customer; answers what to refund. */
    static final String CANCEL = """
            with cancelled as (
                update orders
                   set status = 'CANCELLED', updated_at = now()
                 where id = :id and customer_id = :customerId and status = 'PLACED'
                returning id, total
            ), sales as (
                insert into order_sales_changes (order_id, sign)
                select id, -1 from cancelled
            )
            select total from cancelled
            """;

    /** The one way to ship: only a placed order; answers its customer. */
    static final String SHIP = """
            update orders
               set status = 'SHIPPED', updated_at = now()
             where id = :id and status = 'PLACED'
            returning customer_id
            """;

    static final String QUANTITIES = """
            select product_id, quantity
              from order_lines
             where order_id = :id
             order by line_no
            """;

    /**
     * Every order created in {@code [from, to)}, oldest first, with its lines folded into one column
     * ({@code productId:quantity:unitPrice} separated by spaces). Read through a cursor
     * ({@link #export}), so the server holds one fetch of rows at a time whatever the range.
     */
    static final String EXPORT = """
            select o.id, o.customer_id, o.status, o.total, o.currency, o.created_at, o.updated_at,
                   (select string_agg(l.product_id || ':' || l.quantity || ':' || l.unit_price, ' ' order by l.line_no)
                      from order_lines l
                     where l.order_id = o.id)
              from orders o
             where o.created_at >= :from and o.created_at < :to
               and (cast(:status as text) is null or o.status = :status)
             order by o.created_at, o.id
            """;

    private static final RowMapper<Order> ORDER = OrderRepository::order;

    private final JdbcClient jdbc;

    OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Inserted(long id, Instant createdAt) {}

    Inserted insert(
            long id, long customerId, long total, String currency, long[] productIds, int[] quantities, long[] prices) {
        return jdbc.sql(INSERT)
                .param("id", id)
                .param("customerId", customerId)
                .param("total", total)
                .param("currency", currency)
                .param("lineCount", productIds.length)
                .param("productIds", literal(LongStream.of(productIds)))
                .param(
                        "quantities",
                        literal(java.util.stream.IntStream.of(quantities).asLongStream()))
                .param("prices", literal(LongStream.of(prices)))
                .query((rs, n) -> new Inserted(rs.getLong(1), instant(rs, 2)))
                .single();
    }

    /** The order with its lines, when it exists (and belongs to {@code customerId}, unless that is null). */
    Optional<Order> detail(long id, @Nullable Long customerId) {
        List<Order> rows = new ArrayList<>();
        List<OrderLine> lines = new ArrayList<>();
        jdbc.sql(DETAIL)
                .param("id", id)
                .param("customerId", customerId, Types.BIGINT)
                .query(rs -> {
                    if (rows.isEmpty()) {
                        rows.add(order(rs, 0));
                    }
                    lines.add(new OrderLine(rs.getLong(8), rs.getString(9), rs.getInt(10), rs.getLong(11)));
                });
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst().withItems(lines));
    }

    /** One page of orders without their lines ({@link #linesOf} adds them), {@code limit} rows at most. */
    List<Order> page(OrderFilter filter, int limit) {
        String sql = filter.customerId() != null ? CUSTOMER_PAGE : filter.status() != null ? STATUS_PAGE : ALL_PAGE;
        return jdbc.sql(sql)
                .params(params(filter))
                .param("limit", limit)
                .query(ORDER)
                .list();
    }

    long countCapped(OrderFilter filter, int cap) {
        String sql = filter.customerId() != null ? CUSTOMER_COUNT : filter.status() != null ? STATUS_COUNT : ALL_COUNT;
        Long count = jdbc.sql(sql)
                .params(params(filter))
                .param("cap", cap)
                .query((rs, n) -> rs.getLong(1))
                .single();
        return count;
    }

    Map<Long, List<OrderLine>> linesOf(List<Long> orderIds) {
        Map<Long, List<OrderLine>> lines = new HashMap<>();
        if (orderIds.isEmpty()) {
            return lines;
        }
        jdbc.sql(LINES_OF)
                .param("orderIds", literal(orderIds.stream().mapToLong(Long::longValue)))
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new OrderLine(rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getLong(5)));
                });
        return lines;
    }

    Optional<Long> cancel(long id, long customerId) {
        return jdbc.sql(CANCEL)
                .param("id", id)
                .param("customerId", customerId)
                .query((rs, n) -> rs.getLong(1))
                .optional();
    }

    Optional<Long> ship(long id) {
        return jdbc.sql(SHIP).param("id", id).query((rs, n) -> rs.getLong(1)).optional();
    }

    record Quantity(long productId, int quantity) {}

    List<Quantity> quantities(long orderId) {
        return jdbc.sql(QUANTITIES)
                .param("id", orderId)
                .query((rs, n) -> new Quantity(rs.getLong(1), rs.getInt(2)))
                .list();
    }

    /** One exported order: its columns and its lines as {@code productId:quantity:unitPrice} words. */
    record Exported(Order order, String lines) {}

    interface ExportSink {
        void accept(Exported row);
    }

    /** Streams the export through a cursor; must run inside a transaction (pgjdbc fetches by cursor only then). */
    void export(OrderFilter filter, int fetchSize, ExportSink sink) {
        Map<String, Object> params = params(filter);
        OrderStatus status = filter.status();
        params.put("status", status == null ? null : status.name());
        jdbc.sql(EXPORT).withFetchSize(fetchSize).params(params).query(rs -> {
            String lines = rs.getString(8);
            sink.accept(new Exported(order(rs, 0), lines == null ? "" : lines));
        });
    }

    private static Map<String, Object> params(OrderFilter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        params.put("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        params.put("beforeAt", OffsetDateTime.ofInstant(filter.before().createdAt(), ZoneOffset.UTC));
        params.put("beforeId", filter.before().id());
        if (filter.customerId() != null) {
            params.put("customerId", filter.customerId());
        }
        OrderStatus status = filter.status();
        if (filter.customerId() != null || status != null) {
            params.put("status", status == null ? null : status.name());
        }
        return params;
    }

    static String literal(LongStream values) {
        return values.mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Order order(ResultSet rs, int row) throws SQLException {
        return new Order(
                rs.getLong(1),
                rs.getLong(2),
                OrderStatus.valueOf(rs.getString(3)),
                rs.getLong(4),
                rs.getString(5),
                List.of(),
                instant(rs, 6),
                instant(rs, 7));
    }
}
