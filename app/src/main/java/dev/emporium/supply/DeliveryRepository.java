package dev.emporium.supply;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code deliveries}: the list, one row, and inserts (one, or a whole import in one statement). */
@Repository
class DeliveryRepository {

    static final String INSERT = """
            insert into deliveries (supplier_id, product_id, quantity, unit_cost, received_at)
            values (:supplierId, :productId, :quantity, :unitCost, :receivedAt)
            returning id, supplier_id, product_id, quantity, unit_cost, received_at
            """;

    /** Every line of an import in one round trip, in line order (ids ascend with the lines). */
    static final String INSERT_MANY = """
            insert into deliveries (supplier_id, product_id, quantity, unit_cost, received_at)
            select d.supplier_id, d.product_id, d.quantity, d.unit_cost, d.received_at
              from unnest(cast(:supplierIds as bigint[]), cast(:productIds as bigint[]), cast(:quantities as int[]),
                          cast(:unitCosts as bigint[]), cast(:receivedAts as timestamptz[]))
                   with ordinality as d (supplier_id, product_id, quantity, unit_cost, received_at, line)
             order by d.line
            returning id
            """;

    static final String BY_ID = "select " + DeliveryQuery.COLUMNS + """

              from deliveries
             where id = :id
            """;

    private final JdbcClient jdbc;

    DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Delivery> page(DeliveryQuery.Filter filter) {
        DeliveryQuery query = DeliveryQuery.page(filter);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query(DeliveryRepository::delivery)
                .list();
    }

    long countCapped(DeliveryQuery.Filter filter, int cap) {
        DeliveryQuery query = DeliveryQuery.cappedCount(filter, cap);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query((rs, n) -> rs.getLong(1))
                .single();
    }

    Optional<Delivery> byId(long id) {
        return jdbc.sql(BY_ID)
                .param("id", id)
                .query(DeliveryRepository::delivery)
                .optional();
    }

    Delivery insert(NewDelivery d, OffsetDateTime receivedAt) {
        return jdbc.sql(INSERT)
                .param("supplierId", d.supplierId())
                .param("productId", d.productId())
                .param("quantity", d.quantity())
                .param("unitCost", d.unitCost())
                .param("receivedAt", receivedAt)
                .query(DeliveryRepository::delivery)
                .single();
    }

    /** Inserts the lines; answers how many rows went in. */
    int insertMany(List<DeliveryCsv.Line> lines) {
        return jdbc.sql(INSERT_MANY)
                .param(
                        "supplierIds",
                        ArrayLiterals.of(
                                lines.stream().map(DeliveryCsv.Line::supplierId).toList()))
                .param(
                        "productIds",
                        ArrayLiterals.of(
                                lines.stream().map(DeliveryCsv.Line::productId).toList()))
                .param(
                        "quantities",
                        ArrayLiterals.of(
                                lines.stream().map(DeliveryCsv.Line::quantity).toList()))
                .param(
                        "unitCosts",
                        ArrayLiterals.of(
                                lines.stream().map(DeliveryCsv.Line::unitCost).toList()))
                .param(
                        "receivedAts",
                        ArrayLiterals.of(lines.stream()
                                .map(l -> l.receivedAt().toString())
                                .toList()))
                .query((rs, n) -> rs.getLong(1))
                .list()
                .size();
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        int quantity = rs.getInt(4);
        long unitCost = rs.getLong(5);
        return new Delivery(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                quantity,
                unitCost,
                quantity * unitCost,
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }
}
