package dev.emporium.wallet;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code wallet_accounts} and {@code wallet_daily_usage}: lookups, the conditional balance update, daily use. */
@Repository
class WalletAccountRepository {

    static final String OPEN_CUSTOMER_WALLET = """
            insert into wallet_accounts (owner_id, kind, currency)
            values (:ownerId, 'CUSTOMER', :currency)
            on conflict (owner_id) where owner_id is not null do nothing
            """;

    static final String ENSURE_SYSTEM_ACCOUNT = """
            insert into wallet_accounts (kind, currency, may_go_negative)
            values (:kind, :currency, :mayGoNegative)
            on conflict (kind, currency) where owner_id is null and kind <> 'SUPPLIER' do nothing
            """;

    static final String WALLET_BY_OWNER = """
            select id, balance, currency
              from wallet_accounts
             where owner_id = :ownerId
            """;

    static final String ACCOUNT_BY_OWNER = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where owner_id = :ownerId
            """;

    /** The payer's wallet and the recipient's account in one round trip. */
    static final String PAYER_AND_ACCOUNT = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where owner_id = :ownerId or id = :accountId
            """;

    static final String PAYER_AND_OWNER = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where owner_id = :ownerId or owner_id = :otherOwnerId
            """;

    static final String ACCOUNT_BY_ID = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where id = :id
            """;

    static final String SYSTEM_ACCOUNT = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where kind = :kind and currency = :currency and owner_id is null
            """;

    /**
     * The only way a balance changes: relative, and conditional on not going below zero unless the
     * account may. Answers the new balance, or no row when the condition failed (insufficient funds).
     */
    static final String APPLY_DELTA = """
            update wallet_accounts
               set balance = balance + :delta
             where id = :id
               and (balance + :delta >= 0 or may_go_negative)
            returning balance
            """;

    /** Adds to today's use unless that would pass the limit; no row answered = over the limit. */
    static final String ADD_DAILY_USE = """
            insert into wallet_daily_usage as u (account_id, day, used)
            values (:accountId, (now() at time zone 'UTC')::date, :amount)
            on conflict (account_id, day)
            do update set used = u.used + excluded.used
             where u.used + excluded.used <= :limit
            returning used
            """;

    static final String DAILY_USE = """
            select used
              from wallet_daily_usage
             where account_id = :accountId
               and day = (now() at time zone 'UTC')::date
            """;

    static final String PURGE_OLD_USAGE = """
            delete from wallet_daily_usage
             where day < (now() at time zone 'UTC')::date - 1
            """;

    private static final RowMapper<WalletAccount> ACCOUNT =
            (rs, n) -> new WalletAccount(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4));

    private final JdbcClient jdbc;

    WalletAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void openCustomerWallet(long ownerId, String currency) {
        jdbc.sql(OPEN_CUSTOMER_WALLET)
                .param("ownerId", ownerId)
                .param("currency", currency)
                .update();
    }

    void ensureSystemAccount(String kind, String currency, boolean mayGoNegative) {
        jdbc.sql(ENSURE_SYSTEM_ACCOUNT)
                .param("kind", kind)
                .param("currency", currency)
                .param("mayGoNegative", mayGoNegative)
                .update();
    }

    Optional<Wallet> walletByOwner(long ownerId) {
        return jdbc.sql(WALLET_BY_OWNER)
                .param("ownerId", ownerId)
                .query((rs, n) -> new Wallet(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    Optional<WalletAccount> accountByOwner(long ownerId) {
        return jdbc.sql(ACCOUNT_BY_OWNER)
                .param("ownerId", ownerId)
                .query(ACCOUNT)
                .optional();
    }

    Optional<WalletAccount> accountById(long id) {
        return jdbc.sql(ACCOUNT_BY_ID).param("id", id).query(ACCOUNT).optional();
    }

    List<WalletAccount> payerAndAccount(long payerId, long accountId) {
        return jdbc.sql(PAYER_AND_ACCOUNT)
                .param("ownerId", payerId)
                .param("accountId", accountId)
                .query(ACCOUNT)
                .list();
    }

    List<WalletAccount> payerAndOwner(long payerId, long otherOwnerId) {
        return jdbc.sql(PAYER_AND_OWNER)
                .param("ownerId", payerId)
                .param("otherOwnerId", otherOwnerId)
                .query(ACCOUNT)
                .list();
    }

    Optional<WalletAccount> systemAccount(String kind, String currency) {
        return jdbc.sql(SYSTEM_ACCOUNT)
                .param("kind", kind)
                .param("currency", currency)
                .query(ACCOUNT)
                .optional();
    }

    OptionalLong applyDelta(long accountId, long delta) {
        return jdbc.sql(APPLY_DELTA)
                .param("id", accountId)
                .param("delta", delta)
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElseGet(OptionalLong::empty);
    }

    boolean addDailyUse(long accountId, long amount, long limit) {
        return jdbc.sql(ADD_DAILY_USE)
                .param("accountId", accountId)
                .param("amount", amount)
                .param("limit", limit)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    long dailyUse(long accountId) {
        return jdbc.sql(DAILY_USE)
                .param("accountId", accountId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    int purgeOldUsage() {
        return jdbc.sql(PURGE_OLD_USAGE).update();
    }
}
