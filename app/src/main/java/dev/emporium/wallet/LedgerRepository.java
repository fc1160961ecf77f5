package dev.emporium.wallet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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
     * A whole movement in one round trip, each step conditional on the one before:
     * <ol>
     *   <li>{@code usage}: when {@code :limitDaily}, adds the amount to the payer's use today unless
     *       that passes {@code :dailyLimit} (no row = over the limit);</li>
     *   <li>{@code lo}, then {@code hi}: the two balance updates, the lower account id first (each
     *       waits for the row before it, so every movement locks its accounts in id order and
     *       movements cannot deadlock each other); relative, and conditional on not going below zero
     *       unless the account may (no row = insufficient funds);</li>
     *   <li>only when both balances moved: the transfer, its two entries (summing to zero, each with
     *       the balance right after it) and its audit row. The transfer takes {@code :transferId}, the
     *       id reserved when the idempotency key was claimed earlier in the same transaction, or the
     *       sequence's next id when the movement has no key.</li>
     * </ol>
     * Answers one row: today's use (null when over the limit or not limited), both new balances
     * (null when that update matched nothing) and the transfer (null unless everything held). The
     * caller throws, and so rolls back, when anything is null: a failed step leaves nothing behind.
     */
    static final String POST_MOVEMENT = """
            with usage as (
                insert into wallet_daily_usage as u (account_id, day, used)
                select :fromId, (now() at time zone 'UTC')::date, :amount
                 where :limitDaily
                on conflict (account_id, day)
                do update set used = u.used + excluded.used
                 where u.used + excluded.used <= :dailyLimit
                returning used
            ), lo as (
                update wallet_accounts
                   set balance = balance + :loDelta
                 where id = :loId
                   and (not :limitDaily or exists (select from usage))
                   and (balance + :loDelta >= 0 or may_go_negative)
                returning balance
            ), hi as (
                update wallet_accounts
                   set balance = balance + :hiDelta
                 where id = :hiId
                   and exists (select from lo)
                   and (balance + :hiDelta >= 0 or may_go_negative)
                returning balance
            ), t as (
                insert into wallet_transfers (id, kind, from_account_id, to_account_id, amount, currency, reference,
                                              initiated_by)
                select coalesce(cast(:transferId as bigint), nextval('wallet_transfers_id_seq')),
                       :kind, :fromId, :toId, :amount, :currency, :reference, :actorId
                 where exists (select from hi)
                returning id, created_at
            ), e as (
                insert into wallet_entries (transfer_id, account_id, amount, balance_after, created_at)
                select t.id, x.account_id, x.amount, x.balance_after, t.created_at
                  from t
                 cross join (values (cast(:loId as bigint), cast(:loDelta as bigint), (select balance from lo)),
                                    (cast(:hiId as bigint), cast(:hiDelta as bigint), (select balance from hi)))
                       as x (account_id, amount, balance_after)
            ), a as (
                insert into wallet_audit (occurred_at, actor_id, action, transfer_id, from_account_id, to_account_id,
                                          amount, currency, idempotency_key, request_id)
                select t.created_at, :actorId, :kind, t.id, :fromId, :toId, :amount, :currency, :key, :requestId
                  from t
            )
            select (select used from usage), (select balance from lo), (select balance from hi),
                   (select id from t), (select created_at from t)
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

    /** What {@link #POST_MOVEMENT} answered; see there for when each part is null. */
    record Posted(
            @Nullable Long usedToday,
            @Nullable Long loBalance,
            @Nullable Long hiBalance,
            @Nullable Long id,
            @Nullable Instant createdAt) {}

    /** A movement of {@code amount} from {@code fromId} to {@code toId}; {@code dailyLimit} &lt; 0: none. */
    Posted post(
            TransferKind kind,
            long fromId,
            long toId,
            long amount,
            String currency,
            @Nullable String reference,
            @Nullable Long actorId,
            long dailyLimit,
            @Nullable String key,
            @Nullable Long transferId,
            @Nullable String requestId) {
        boolean debitFirst = fromId < toId;
        return jdbc.sql(POST_MOVEMENT)
                .param("kind", kind.name())
                .param("fromId", fromId)
                .param("toId", toId)
                .param("amount", amount)
                .param("currency", currency)
                .param("reference", reference, Types.VARCHAR)
                .param("actorId", actorId, Types.BIGINT)
                .param("limitDaily", dailyLimit >= 0)
                .param("dailyLimit", Math.max(dailyLimit, 0))
                .param("loId", debitFirst ? fromId : toId)
                .param("loDelta", debitFirst ? -amount : amount)
                .param("hiId", debitFirst ? toId : fromId)
                .param("hiDelta", debitFirst ? amount : -amount)
                .param("key", key, Types.VARCHAR)
                .param("transferId", transferId, Types.BIGINT)
                .param("requestId", requestId, Types.VARCHAR)
                .query((rs, n) -> {
                    OffsetDateTime created = rs.getObject(5, OffsetDateTime.class);
                    return new Posted(
                            rs.getObject(1, Long.class),
                            rs.getObject(2, Long.class),
                            rs.getObject(3, Long.class),
                            rs.getObject(4, Long.class),
                            created == null ? null : created.toInstant());
                })
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
