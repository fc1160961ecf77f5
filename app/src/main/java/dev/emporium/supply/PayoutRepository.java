package dev.emporium.supply;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code supplier_payouts}. */
@Repository
class PayoutRepository {

    static final String INSERT = """
            insert into supplier_payouts (supplier_id, transfer_id, amount, reference, paid_at)
            values (:supplierId, :transferId, :amount, :reference, :paidAt)
            """;

    static final String BY_TRANSFER = """
            select p.id, p.supplier_id, p.transfer_id, p.amount, s.currency, p.reference, p.paid_at
              from supplier_payouts p
              join suppliers s on s.id = p.supplier_id
             where p.transfer_id = :transferId
            """;

    private final JdbcClient jdbc;

    PayoutRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long supplierId, long transferId, long amount, @Nullable String reference, OffsetDateTime paidAt) {
        jdbc.sql(INSERT)
                .param("supplierId", supplierId)
                .param("transferId", transferId)
                .param("amount", amount)
                .param("reference", reference, Types.VARCHAR)
                .param("paidAt", paidAt)
                .update();
    }

    Optional<Payout> byTransfer(long transferId) {
        return jdbc.sql(BY_TRANSFER)
                .param("transferId", transferId)
                .query(PayoutRepository::payout)
                .optional();
    }

    private static Payout payout(ResultSet rs, int row) throws SQLException {
        return new Payout(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant());
    }
}
