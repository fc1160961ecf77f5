package dev.emporium.wallet;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code wallet_accounts} and {@code wallet_daily_usage}: lookups and today's use. Balances and
 * daily use change only in {@link LedgerRepository#POST_MOVEMENT}.
 */
@Repository
class WalletAccountRepository {

    static final String OPEN_CUSTOMER_WALLET = """
            insert into wallet_accounts (owner_id, kind, currency)
            values (:ownerId, 'CUSTOMER', :currency)
            on conflict (owner_id) where owner_id is not null do nothing
            """;

    static final String ENSURE_SYSTEM_ACCOUNT = """
            insert into wallet_accounts (kind, currency, may_go_negative, shard)
            select :kind, :currency, :mayGoNegative, s
              from generate_series(0, :shards - 1) s
            on conflict (kind, currency, shard) where owner_id is null and kind <> 'SUPPLIER' do nothing
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

    static final String ACCOUNT_BY_ID = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where id = :id
            """;

    /** The system accounts of one kind and currency, by shard (one row, shard 0, for every kind but revenue). */
    static final String SYSTEM_ACCOUNTS = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where kind = :kind and currency = :currency and owner_id is null
             order by shard
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

    /** Ensures shards {@code 0 .. shards - 1} of a system account kind exist. */
    void ensureSystemAccount(String kind, String currency, boolean mayGoNegative, int shards) {
        jdbc.sql(ENSURE_SYSTEM_ACCOUNT)
                .param("kind", kind)
                .param("currency", currency)
                .param("mayGoNegative", mayGoNegative)
                .param("shards", shards)
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

    /** Every shard of a system account kind, shard 0 first (so index = shard). */
    List<WalletAccount> systemAccounts(String kind, String currency) {
        return jdbc.sql(SYSTEM_ACCOUNTS)
                .param("kind", kind)
                .param("currency", currency)
                .query(ACCOUNT)
                .list();
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
