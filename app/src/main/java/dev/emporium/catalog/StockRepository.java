package dev.emporium.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for stock taken by orders and put back by cancellations: one statement per batch of lines. */
@Repository
class StockRepository {

    /**
     * Takes every wanted quantity that is there, in one round trip, and answers the lines it took
     * (fewer rows than lines: the caller explains the rest with {@link #PRICES} and rolls back).
     *
     * <p>The products asked for are locked first, in id order ({@code locked}), so two orders that
     * share products never deadlock whatever order their lines are in. The update is conditional
     * ({@code stock >= quantity}; the check constraint {@code stock >= 0} is the backstop): under READ
     * COMMITTED a row changed by a concurrent order is re-read at its newest version before the
     * condition is tested, so stock can never be sold twice. Prices and currency come from the updated
     * rows: the current ones, which the caller compares with the prices it charged.
     *
     * <p>The two arrays are read through scalar subqueries, so the planner sees their length in no
     * plan: a custom plan then costs what the generic one does, and after its first five runs on a
     * connection PostgreSQL keeps the generic plan. Bound directly, the arrays made every call plan
     * afresh (about 0.4–0.7 ms of planning per checkout over the indexes of {@code products}, measured
     * with {@code pg_stat_statements.track_planning}).
     */
    static final String TAKE = """
            with wanted as (
                select w.product_id, w.quantity
                  from unnest((select cast(:ids as bigint[])), (select cast(:quantities as int[])))
                       as w (product_id, quantity)
            ), locked as materialized (
                select p.id
                  from products p
                 where p.id in (select product_id from wanted)
                 order by p.id
                   for no key update
            )
            update products p
               set stock = p.stock - w.quantity,
                   updated_at = now()
              from wanted w
             where p.id = w.product_id
               and p.id in (select id from locked)
               and p.active
               and p.stock >= w.quantity
            returning p.id, p.price, p.currency, p.category_id
            """;

    /**
     * The wanted products as they are now, without locking them: what an order is priced at before its
     * stock is taken ({@link #TAKE}, which locks the rows as the transaction's last step and re-reads the
     * price under the lock), and what explains a line the take could not have. One row per wanted line
     * that names an existing product.
     */
    static final String PRICES = """
            select p.id, p.name, p.price, p.currency, p.active, p.stock
              from products p
             where p.id = any (cast(:ids as bigint[]))
            """;

    /** Puts quantities back (a cancelled order), locking in id order like {@link #TAKE}. */
    static final String PUT_BACK = """
            with back as (
                select b.product_id, sum(b.quantity) as quantity
                  from unnest(cast(:ids as bigint[]), cast(:quantities as int[])) as b (product_id, quantity)
                 group by b.product_id
            ), locked as materialized (
                select p.id
                  from products p
                 where p.id = any (cast(:ids as bigint[]))
                 order by p.id
                   for no key update
            )
            update products p
               set stock = p.stock + b.quantity,
                   updated_at = now()
              from back b
             where p.id = b.product_id
               and p.id in (select id from locked)
            returning p.id, p.category_id
            """;

    private final JdbcClient jdbc;

    StockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A line {@link #TAKE} took, with its product's terms under the lock. */
    record Taken(long productId, long price, String currency, long categoryId) {}

    List<Taken> take(long[] ids, int[] quantities) {
        return jdbc.sql(TAKE)
                .param("ids", literal(Arrays.stream(ids).mapToObj(Long::toString)))
                .param("quantities", literal(Arrays.stream(quantities).mapToObj(Integer::toString)))
                .query((rs, n) -> new Taken(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)))
                .list();
    }

    /** A product's sale terms and stock as {@link #PRICES} read them. */
    record Price(long productId, String name, long price, String currency, boolean active, int stock) {}

    List<Price> prices(long[] ids) {
        return jdbc.sql(PRICES)
                .param("ids", literal(Arrays.stream(ids).mapToObj(Long::toString)))
                .query((rs, n) -> new Price(
                        rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getBoolean(5), rs.getInt(6)))
                .list();
    }

    /** A PostgreSQL array literal ({@code {1,2,3}}): one bound parameter whatever the number of lines. */
    private static String literal(Stream<String> values) {
        return values.collect(Collectors.joining(",", "{", "}"));
    }

    record Restocked(long productId, long categoryId) {}

    List<Restocked> putBack(long[] ids, int[] quantities) {
        return jdbc.sql(PUT_BACK)
                .param("ids", literal(Arrays.stream(ids).mapToObj(Long::toString)))
                .param("quantities", literal(Arrays.stream(quantities).mapToObj(Integer::toString)))
                .query((rs, n) -> new Restocked(rs.getLong(1), rs.getLong(2)))
                .list();
    }
}
