package dev.emporium.catalog;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for stock arriving from suppliers: a relative, batched increase. */
@Repository
class StockReceivingRepository {

    /**
     * Adds each quantity to its product's stock in one statement; the ids come sorted, so two batches
     * lock shared rows in the same order and cannot deadlock each other. A product whose stock would
     * pass the column's range is left alone and missing from the answer, as is an unknown id.
     */
    static final String ADD_STOCK = """
            update products p
               set stock = p.stock + d.quantity,
                   updated_at = now()
              from unnest(cast(:ids as bigint[]), cast(:quantities as int[])) as d (id, quantity)
             where p.id = d.id
               and cast(p.stock as bigint) + d.quantity <= 2147483647
            returning p.id, p.category_id
            """;

    /** Which of the ids name a product (active or not). */
    static final String EXISTING = """
            select id
              from products
             where id = any (cast(:ids as bigint[]))
            """;

    private final JdbcClient jdbc;

    StockReceivingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Received(long productId, long categoryId) {}

    List<Received> addStock(List<Long> ids, List<Integer> quantities) {
        return jdbc.sql(ADD_STOCK)
                .param("ids", arrayLiteral(ids))
                .param("quantities", arrayLiteral(quantities))
                .query((rs, n) -> new Received(rs.getLong(1), rs.getLong(2)))
                .list();
    }

    List<Long> existing(List<Long> ids) {
        return jdbc.sql(EXISTING)
                .param("ids", arrayLiteral(ids))
                .query((rs, n) -> rs.getLong(1))
                .list();
    }

    /** A PostgreSQL array literal: one text parameter keeps the statement shape independent of the count. */
    private static String arrayLiteral(List<? extends Number> values) {
        StringBuilder literal = new StringBuilder(values.size() * 6).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append(values.get(i).longValue());
        }
        return literal.append('}').toString();
    }
}
