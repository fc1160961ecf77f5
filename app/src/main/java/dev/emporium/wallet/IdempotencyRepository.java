package dev.emporium.wallet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code wallet_idempotency_keys}: claim a key (for a transfer, finding the request's accounts in
 * the same round trip), read a stored one, complete one, purge expired ones.
 */
@Repository
class IdempotencyRepository {

    /**
     * Claims the key for this transaction, reserving the id its transfer will have, and, in the same
     * round trip, finds the accounts the request names: the caller's own wallet ({@code owner_id =
     * :userId}) and the account with id {@code :accountId}. The key row is written complete (with
     * {@code transfer_id}) and never updated: the transfer is inserted with that id later in the same
     * transaction, so the two exist together or not at all. A concurrent transaction that claimed the
     * key first makes this statement wait until it ends: if it committed, nothing is inserted
     * (transfer id null: the caller replays); if it rolled back, this one inserts and proceeds. Always
     * at least one row: {@code id} is null when no account matched.
     */
    static final String CLAIM_AND_FIND_BY_ACCOUNT = """
            with claim as (
                insert into wallet_idempotency_keys (user_id, key, request_hash, transfer_id)
                values (:userId, :key, :requestHash, nextval('wallet_transfers_id_seq'))
                on conflict (user_id, key) do nothing
                returning transfer_id
            )
            select (select transfer_id from claim), a.id, a.owner_id, a.kind, a.currency
              from (select) one
              left join wallet_accounts a on a.owner_id = :userId or a.id = :accountId
            """;

    /** As {@link #CLAIM_AND_FIND_BY_ACCOUNT}, the other account named by its owner (a recipient given by email). */
    static final String CLAIM_AND_FIND_BY_OWNER = """
            with claim as (
                insert into wallet_idempotency_keys (user_id, key, request_hash, transfer_id)
                values (:userId, :key, :requestHash, nextval('wallet_transfers_id_seq'))
                on conflict (user_id, key) do nothing
                returning transfer_id
            )
            select (select transfer_id from claim), a.id, a.owner_id, a.kind, a.currency
              from (select) one
              left join wallet_accounts a on a.owner_id = :userId or a.owner_id = :otherOwnerId
            """;

    /** As {@link #CLAIM}, reserving the id of the transfer the operation will post (a supplier payout). */
    static final String CLAIM_FOR_TRANSFER = """
            insert into wallet_idempotency_keys (user_id, key, request_hash, transfer_id)
            values (:userId, :key, :requestHash, nextval('wallet_transfers_id_seq'))
            on conflict (user_id, key) do nothing
            returning transfer_id
            """;

    /** Claims the key for this transaction alone (an operation of another feature, e.g. an order); waits as above. */
    static final String CLAIM = """
            insert into wallet_idempotency_keys (user_id, key, request_hash)
            values (:userId, :key, :requestHash)
            on conflict (user_id, key) do nothing
            returning true
            """;

    /**
     * As {@link #CLAIM}, reserving the id of what the operation will create from the sequence named by
     * {@code :sequence} (an order's id): the key row is written complete and never updated, as for
     * transfers. Answers the reserved id, or no row when the key was claimed earlier (replay).
     */
    static final String CLAIM_RESERVING = """
            insert into wallet_idempotency_keys (user_id, key, request_hash, result_id)
            values (:userId, :key, :requestHash, nextval(cast(:sequence as regclass)))
            on conflict (user_id, key) do nothing
            returning result_id
            """;

    static final String STORED = """
            select request_hash, transfer_id, result_id
              from wallet_idempotency_keys
             where user_id = :userId and key = :key
            """;

    /** Completes a key claimed in this transaction with the id of what a non-wallet operation created. */
    static final String COMPLETE_WITH_RESULT = """
            update wallet_idempotency_keys
               set result_id = :resultId
             where user_id = :userId and key = :key
            """;

    /** The oldest expired keys first, along the created_at index: a bounded walk, never a table scan. */
    static final String PURGE_EXPIRED_BATCH = """
            delete from wallet_idempotency_keys
             where ctid = any (array(select ctid
                                       from wallet_idempotency_keys
                                      where created_at < now() - cast(:retentionMillis as bigint) * interval '1 millisecond'
                                      order by created_at
                                      limit :batch))
            """;

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean claim(long userId, String key, byte[] requestHash) {
        return withKey(jdbc.sql(CLAIM), userId, key, requestHash)
                .query(Boolean.class)
                .optional()
                .isPresent();
    }

    /**
     * The id reserved for the transfer when this transaction claimed the key (null: claimed earlier,
     * replay), and the accounts found (possibly none).
     */
    record Claim(@Nullable Long transferId, List<WalletAccount> accounts) {

        boolean claimed() {
            return transferId != null;
        }
    }

    /** Claims the key and reserves its transfer's id; empty when the key was claimed earlier (replay). */
    OptionalLong claimForTransfer(long userId, String key, byte[] requestHash) {
        return withKey(jdbc.sql(CLAIM_FOR_TRANSFER), userId, key, requestHash)
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** Claims the key and reserves the next value of {@code sequence}; empty when claimed earlier (replay). */
    OptionalLong claimReserving(long userId, String key, byte[] requestHash, String sequence) {
        return withKey(jdbc.sql(CLAIM_RESERVING).param("sequence", sequence), userId, key, requestHash)
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    Claim claimAndFindByAccount(long userId, String key, byte[] requestHash, long accountId) {
        return claim(jdbc.sql(CLAIM_AND_FIND_BY_ACCOUNT).param("accountId", accountId), userId, key, requestHash);
    }

    Claim claimAndFindByOwner(long userId, String key, byte[] requestHash, long otherOwnerId) {
        return claim(jdbc.sql(CLAIM_AND_FIND_BY_OWNER).param("otherOwnerId", otherOwnerId), userId, key, requestHash);
    }

    /** Binds the caller, the key and the request's fingerprint, which every claim statement takes. */
    private static JdbcClient.StatementSpec withKey(
            JdbcClient.StatementSpec sql, long userId, String key, byte[] requestHash) {
        return sql.param("userId", userId).param("key", key).param("requestHash", requestHash);
    }

    private static Claim claim(JdbcClient.StatementSpec sql, long userId, String key, byte[] requestHash) {
        Long[] transferId = {null};
        List<WalletAccount> accounts = new ArrayList<>(2);
        withKey(sql, userId, key, requestHash).query(rs -> {
            transferId[0] = rs.getObject(1, Long.class);
            long id = rs.getLong(2);
            if (!rs.wasNull()) {
                accounts.add(new WalletAccount(id, rs.getObject(3, Long.class), rs.getString(4), rs.getString(5)));
            }
        });
        return new Claim(transferId[0], accounts);
    }

    record Stored(
            byte[] requestHash,
            @Nullable Long transferId,
            @Nullable Long resultId) {}

    Optional<Stored> stored(long userId, String key) {
        return jdbc.sql(STORED)
                .param("userId", userId)
                .param("key", key)
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getObject(2, Long.class), rs.getObject(3, Long.class)))
                .optional();
    }

    void completeWithResult(long userId, String key, long resultId) {
        int updated = jdbc.sql(COMPLETE_WITH_RESULT)
                .param("userId", userId)
                .param("key", key)
                .param("resultId", resultId)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("idempotency key " + key + " was not claimed in this transaction");
        }
    }

    int purgeExpiredBatch(Duration retention, int batch) {
        return jdbc.sql(PURGE_EXPIRED_BATCH)
                .param("retentionMillis", retention.toMillis())
                .param("batch", batch)
                .update();
    }
}
