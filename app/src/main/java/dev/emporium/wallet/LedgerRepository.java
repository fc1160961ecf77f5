package dev.emporium.wallet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code wallet_transfers} and {@code wallet_entries}: posting, reading one transfer, history pages. */
@Repository
class LedgerRepository {

    /**
     * Writes a movement whose balances have already been applied, in one round trip: the transfer,
     * its two entries (summing to zero), its audit row, and the completion of the idempotency key
     * claimed earlier in the same transaction (no key, no row to complete).
     */
    static final String POST = """
            with t as (
                insert into wallet_transfers (kind, from_account_id, to_account_id, amount, currency, reference, initiated_by)
                values (:kind, :fromId, :toId, :amount, :currency, :reference, :actorId)
                returning id, created_at
            ), e as (
                insert into wallet_entries (transfer_id, account_id, amount, balance_after, created_at)
                select t.id, x.account_id, x.amount, x.balance_after, t.created_at
                  from t
                 cross join (values (cast(:fromId as bigint), -cast(:amount as bigint), cast(:fromBalance as bigint)),
                                    (cast(:toId as bigint), cast(:amount as bigint), cast(:toBalance as bigint)))
                       as x (account_id, amount, balance_after)
            ), a as (
                insert into wallet_audit (occurred_at, actor_id, action, transfer_id, from_account_id, to_account_id,
                                          amount, currency, idempotency_key, request_id)
                select t.created_at, :actorId, :kind, t.id, :fromId, :toId, :amount, :currency, :key, :requestId
                  from t
            ), k as (
                update wallet_idempotency_keys k
                   set transfer_id = t.id
                  from t
                 where k.user_id = :actorId and k.key = :key
            )
            select id, created_at from t
            """;

    static final String TRANSFER_BY_ID = """
            select id, kind, from_account_id, to_account_id, amount, currency, reference, created_at
              from wallet_transfers
             where id = :id
            """;

    static final String HISTORY_PAGE = """
            select e.id, e.transfer_id, t.kind, e.amount, e.balance_after,
                   case when t.from_account_id = e.account_id then t.to_account_id else t.from_account_id end,
                   t.reference, e.created_at
              from wallet_entries e
              join wallet_transfers t on t.id = e.transfer_id
             where e.account_id = :accountId
               and e.id < :beforeId
             order by e.id desc
             limit :limit
            """;

    /**
     * Counts an account's entries, but stops at {@code :cap + 1}: bounded work however long the
     * history. The order by is the index's own order, which keeps the planner on the account's index
     * range even for an account that holds a large share of the table.
     */
    static final String COUNT_ENTRIES_CAPPED = """
            select count(*)
              from (select 1
                      from wallet_entries
                     where account_id = :accountId
                     order by id desc
                     limit :cap + 1) capped
            """;

    private static final RowMapper<Transfer> TRANSFER = LedgerRepository::transfer;

    private final JdbcClient jdbc;

    LedgerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Posted(long id, java.time.Instant createdAt) {}

    Posted post(
            TransferKind kind,
            long fromId,
            long toId,
            long amount,
            String currency,
            @Nullable String reference,
            @Nullable Long actorId,
            long fromBalance,
            long toBalance,
            @Nullable String key,
            @Nullable String requestId) {
        return jdbc.sql(POST)
                .param("kind", kind.name())
                .param("fromId", fromId)
                .param("toId", toId)
                .param("amount", amount)
                .param("currency", currency)
                .param("reference", reference, Types.VARCHAR)
                .param("actorId", actorId, Types.BIGINT)
                .param("fromBalance", fromBalance)
                .param("toBalance", toBalance)
                .param("key", key, Types.VARCHAR)
                .param("requestId", requestId, Types.VARCHAR)
                .query((rs, n) -> new Posted(
                        rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .single();
    }

    Optional<Transfer> transferById(long id) {
        return jdbc.sql(TRANSFER_BY_ID).param("id", id).query(TRANSFER).optional();
    }

    List<LedgerEntry> historyBefore(long accountId, long beforeId, int limit) {
        return jdbc.sql(HISTORY_PAGE)
                .param("accountId", accountId)
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query((rs, n) -> new LedgerEntry(
                        rs.getLong(1),
                        rs.getLong(2),
                        TransferKind.valueOf(rs.getString(3)),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class).toInstant()))
                .list();
    }

    long countEntriesCapped(long accountId, int cap) {
        return jdbc.sql(COUNT_ENTRIES_CAPPED)
                .param("accountId", accountId)
                .param("cap", cap)
                .query(Long.class)
                .single();
    }

    private static Transfer transfer(ResultSet rs, int row) throws SQLException {
        return new Transfer(
                rs.getLong(1),
                TransferKind.valueOf(rs.getString(2)),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getString(7),
                rs.getObject(8, OffsetDateTime.class).toInstant());
    }
}
