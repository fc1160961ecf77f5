package dev.emporium.supply;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one delivery-list request: newest first by keyset ({@code received_at desc, id desc}),
 * filtered by supplier, product and a received-at window. Each filter combination is one statement
 * shape, served by the index that leads with its equality column ({@code deliveries_supplier_received_idx},
 * {@code deliveries_product_received_idx}) or by {@code deliveries_received_idx}; the EXPLAIN guard
 * covers every shape.
 */
record DeliveryQuery(String sql, Map<String, Object> params) {

    static final String COLUMNS = "id, supplier_id, product_id, quantity, unit_cost, received_at";

    /** Validated filter of a list request; {@code cursor} continues after the last row served. */
    record Filter(
            @Nullable Long supplierId,
            @Nullable Long productId,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable DeliveryCursor cursor,
            int limit) {}

    /** One page plus one row, which tells whether another page follows. */
    static DeliveryQuery page(Filter filter) {
        Map<String, Object> params = new HashMap<>();
        List<String> where = where(filter, params);
        if (filter.cursor() != null) {
            where.add("(received_at, id) < (:cursorAt, :cursorId)");
            params.put("cursorAt", utc(filter.cursor().receivedAt()));
            params.put("cursorId", filter.cursor().id());
        }
        params.put("limit", filter.limit() + 1);
        String sql = "select " + COLUMNS + "\n  from deliveries\n" + clause(where)
                + " order by received_at desc, id desc\n limit :limit";
        return new DeliveryQuery(sql, params);
    }

    /**
     * Counts matching rows but stops after {@code cap} + 1, so it never reads a large part of the
     * table. The order by is the list's own index order: it keeps the planner on that index's range
     * (a bounded walk) instead of a sequential read that a bare {@code limit} would also allow.
     */
    static DeliveryQuery cappedCount(Filter filter, int cap) {
        Map<String, Object> params = new HashMap<>();
        List<String> where = where(filter, params);
        params.put("cap", cap + 1);
        String sql = "select count(*)\n  from (select 1\n          from deliveries\n" + clause(where)
                + "         order by received_at desc, id desc\n         limit :cap) capped";
        return new DeliveryQuery(sql, params);
    }

    private static List<String> where(Filter filter, Map<String, Object> params) {
        List<String> where = new ArrayList<>();
        if (filter.supplierId() != null) {
            where.add("supplier_id = :supplierId");
            params.put("supplierId", filter.supplierId());
        }
        if (filter.productId() != null) {
            where.add("product_id = :productId");
            params.put("productId", filter.productId());
        }
        if (filter.from() != null) {
            where.add("received_at >= :from");
            params.put("from", utc(filter.from()));
        }
        if (filter.to() != null) {
            where.add("received_at < :to");
            params.put("to", utc(filter.to()));
        }
        return where;
    }

    private static String clause(List<String> where) {
        return where.isEmpty() ? "" : " where " + String.join("\n   and ", where) + "\n";
    }

    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
