package dev.emporium.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for stock taken by orders and put back by cancellations: one statement per batch of lines. */
@Repository
class StockRepository {

    /**
     * Takes every wanted quantity that is there, and reports on every wanted line, in one round trip.
     *
     * <p>The active products asked for are locked first, in id order ({@code locked}), so two orders
     * that share products never deadlock whatever order their lines are in. The update is conditional
     * ({@code stock >= quantity}; the check constraint {@code stock >= 0} is the backstop): under READ
     * COMMITTED a row changed by a concurrent order is re-read at its newest version before the
     * condition is tested, so stock can never be sold twice. The final select answers one row per
     * wanted line: whether it was taken, and for a line that was not, whether the product exists, is
     * active and how much stock it had (read from the statement's snapshot, for the error message).
     * Prices, names and currency come from the updated rows: the current ones.
     */
    static final String TAKE = """
            with wanted as (
                select w.product_id, w.quantity, w.ord
                  from unnest(cast(:ids as bigint[]), cast(:quantities as int[]))
                       with ordinality as w (product_id, quantity, ord)
            ), locked as materialized (
                select p.id
                  from products p
                 where p.id = any (cast(:ids as bigint[]))
                   and p.active
                 order by p.id
                   for no key update
            ), taken as (
                update products p
                   set stock = p.stock - w.quantity,
                       updated_at = now()
                  from wanted w
                 where p.id = w.product_id
                   and p.id in (select id from locked)
                   and p.active
                   and p.stock >= w.quantity
                returning p.id, p.name, p.price, p.currency, p.category_id
            )
            select w.product_id, t.id is not null, coalesce(t.name, p.name), coalesce(t.price, p.price),
                   coalesce(t.currency, p.currency), coalesce(t.category_id, p.category_id),
                   coalesce(p.active, false), coalesce(p.stock, 0)
              from wanted w
              left join taken t on t.id = w.product_id
              left join products p on p.id = w.product_id
             order by w.ord
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

    /** One wanted line after {@link #TAKE}; name, price, currency and category are null for an unknown product. */
    record Line(
            long productId,
            boolean taken,
            @Nullable String name,
            @Nullable Long price,
            @Nullable String currency,
            @Nullable Long categoryId,
            boolean active,
            int stock) {}

    List<Line> take(long[] ids, int[] quantities) {
        return jdbc.sql(TAKE)
                .param("ids", literal(Arrays.stream(ids).mapToObj(Long::toString)))
                .param("quantities", literal(Arrays.stream(quantities).mapToObj(Integer::toString)))
                .query((rs, n) -> new Line(
                        rs.getLong(1),
                        rs.getBoolean(2),
                        rs.getString(3),
                        rs.getObject(4, Long.class),
                        rs.getString(5),
                        rs.getObject(6, Long.class),
                        rs.getBoolean(7),
                        rs.getInt(8)))
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
