package dev.emporium.wallet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code wallet_audit} (sealing it into a hash chain, walking the chain) and the ledger
 * checks of the verification report. Everything here runs off the request path (a scheduled job,
 * an admin report), so the whole-table checks are deliberate.
 */
@Repository
class WalletAuditRepository {

    static final String SEAL_LOCK = "select pg_try_advisory_xact_lock(:lock)";

    static final String CHAIN_HEAD = """
            select seq, hash
              from wallet_audit
             where seq is not null
             order by seq desc
             limit 1
            """;

    static final String COLUMNS = """
            id, occurred_at, actor_id, action, transfer_id, from_account_id, to_account_id, amount, currency,
            idempotency_key, request_id, detail, seq, prev_hash, hash
            """;

    static final String UNSEALED_BATCH = "select " + COLUMNS + """
              from wallet_audit
             where seq is null
             order by id
             limit :batch
            """;

    static final String SEAL = """
            update wallet_audit
               set seq = ?, prev_hash = ?, hash = ?
             where id = ? and seq is null
            """;

    static final String CHAIN = "select " + COLUMNS + """
              from wallet_audit
             where seq is not null
             order by seq
            """;

    static final String UNSEALED_COUNT = "select count(*) from wallet_audit where seq is null";

    /** The first account whose stored balance differs from the sum of its entries. */
    static final String FIRST_BALANCE_MISMATCH = """
            select a.id, a.balance, coalesce(s.total, 0)
              from wallet_accounts a
              left join (select account_id, sum(amount) as total from wallet_entries group by account_id) s
                on s.account_id = a.id
             where a.balance <> coalesce(s.total, 0)
             order by a.id
             limit 1
            """;

    static final String FIRST_UNBALANCED_TRANSFER = """
            select t.id
              from wallet_transfers t
              left join wallet_entries e on e.transfer_id = t.id
             group by t.id
            having coalesce(sum(e.amount), 0) <> 0 or count(e.id) <> 2
             order by t.id
             limit 1
            """;

    /**
     * The first entry whose transfer or account does not exist. The ledger tables have no foreign
     * keys on the posting path (V18, ADR 0020): this is the check that replaces them. Two anti-joins,
     * each answered by a merge or hash join over the whole table (a report, not a request).
     */
    static final String FIRST_ORPHAN_ENTRY = """
            select orphan
              from (select least((select min(e.id)
                                    from wallet_entries e
                                   where not exists (select from wallet_transfers t where t.id = e.transfer_id)),
                                 (select min(e.id)
                                    from wallet_entries e
                                   where not exists (select from wallet_accounts a where a.id = e.account_id)))
                           as orphan) first
             where orphan is not null
            """;

    static final String LEDGER_TOTALS = """
            select (select coalesce(sum(amount), 0) from wallet_entries),
                   (select count(*) from wallet_accounts),
                   (select count(*) from wallet_transfers),
                   (select count(*) from wallet_accounts where balance < 0 and not may_go_negative)
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    /** A template of its own: walking the chain streams rows in pages instead of loading them all. */
    private final JdbcTemplate streaming;

    WalletAuditRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
        this.streaming = new JdbcTemplate(
                java.util.Objects.requireNonNull(template.getDataSource(), "a pooled JdbcTemplate has a DataSource"));
        this.streaming.setFetchSize(1_000);
    }

    boolean trySealLock(long lock) {
        return jdbc.sql(SEAL_LOCK).param("lock", lock).query(Boolean.class).single();
    }

    record Head(long seq, byte[] hash) {}

    Optional<Head> chainHead() {
        return jdbc.sql(CHAIN_HEAD)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
                .optional();
    }

    List<AuditRow> unsealed(int batch) {
        return jdbc.sql(UNSEALED_BATCH)
                .param("batch", batch)
                .query(WalletAuditRepository::row)
                .list();
    }

    void seal(List<Object[]> seqPrevHashId) {
        template.batchUpdate(SEAL, seqPrevHashId);
    }

    void walkChain(Consumer<AuditRow> visitor) {
        streaming.query(CHAIN, rs -> {
            visitor.accept(row(rs, 0));
        });
    }

    long unsealedCount() {
        return jdbc.sql(UNSEALED_COUNT).query(Long.class).single();
    }

    Optional<long[]> firstBalanceMismatch() {
        return jdbc.sql(FIRST_BALANCE_MISMATCH)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .optional();
    }

    Optional<Long> firstUnbalancedTransfer() {
        return jdbc.sql(FIRST_UNBALANCED_TRANSFER).query(Long.class).optional();
    }

    Optional<Long> firstOrphanEntry() {
        return jdbc.sql(FIRST_ORPHAN_ENTRY).query(Long.class).optional();
    }

    long[] ledgerTotals() {
        return jdbc.sql(LEDGER_TOTALS)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .single();
    }

    /** One audit row as stored; {@link #content()} is what its hash covers. */
    record AuditRow(
            long id,
            OffsetDateTime occurredAt,
            Long actorId,
            String action,
            Long transferId,
            Long fromAccountId,
            Long toAccountId,
            Long amount,
            String currency,
            String idempotencyKey,
            String requestId,
            String detail,
            Long seq,
            byte[] prevHash,
            byte[] hash) {

        /** Unit-separated fields in a fixed order; null and empty differ. */
        String content(long sequence) {
            StringBuilder s = new StringBuilder();
            for (Object field : new Object[] {
                sequence,
                id,
                occurredAt.toInstant(),
                actorId,
                action,
                transferId,
                fromAccountId,
                toAccountId,
                amount,
                currency,
                idempotencyKey,
                requestId,
                detail
            }) {
                s.append(field == null ? "\u0000" : field.toString()).append('\u001f');
            }
            return s.toString();
        }
    }

    private static AuditRow row(ResultSet rs, int n) throws SQLException {
        return new AuditRow(
                rs.getLong(1),
                rs.getObject(2, OffsetDateTime.class),
                rs.getObject(3, Long.class),
                rs.getString(4),
                rs.getObject(5, Long.class),
                rs.getObject(6, Long.class),
                rs.getObject(7, Long.class),
                rs.getObject(8, Long.class),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getObject(13, Long.class),
                rs.getBytes(14),
                rs.getBytes(15));
    }
}
