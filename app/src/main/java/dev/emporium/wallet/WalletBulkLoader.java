package dev.emporium.wallet;

import dev.emporium.platform.db.BulkCopy;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bulk loading for the data generator: a wallet for every customer that has none, each credited an
 * opening deposit <em>through the ledger</em> (a DEPOSIT transfer from the cash-in account, its two
 * entries and its audit row), so a generated data set satisfies every ledger invariant from the
 * start. Transfers, entries and audit rows go in with {@code COPY}; balances are then set from the
 * entries in one statement, which keeps "balance = sum of entries" true by construction. The audit
 * rows are sealed into the hash chain by the regular sealing job.
 *
 * <p>The wallet rows themselves are one {@code insert ... select} over the customers' ids: the one
 * place the wallet reads {@code users}, because bulk-copied customers announce nothing.
 * Deterministic: the same customers and seed give the same amounts.
 */
@Component
public class WalletBulkLoader {

    private static final Logger log = LoggerFactory.getLogger(WalletBulkLoader.class);

    private static final String OPEN_MISSING_WALLETS = """
            insert into wallet_accounts (owner_id, kind, currency)
            select u.id, 'CUSTOMER', :currency
              from users u
             where u.role = 'CUSTOMER'
               and not exists (select 1 from wallet_accounts w where w.owner_id = u.id)
             order by u.id
            """;

    private static final String WALLETS_WITHOUT_ENTRIES = """
            select a.id
              from wallet_accounts a
             where a.kind = 'CUSTOMER'
               and not exists (select 1 from wallet_entries e where e.account_id = a.id)
             order by a.id
            """;

    private final BulkCopy copy;
    private final JdbcClient jdbc;
    private final SystemAccounts system;
    private final WalletCaches caches;
    private final WalletProperties properties;

    WalletBulkLoader(
            BulkCopy copy, JdbcClient jdbc, SystemAccounts system, WalletCaches caches, WalletProperties properties) {
        this.copy = copy;
        this.jdbc = jdbc;
        this.system = system;
        this.caches = caches;
        this.properties = properties;
    }

    /**
     * Removes every transfer, entry and idempotency key, and what hangs off transfers (supplier
     * payouts); for the data generator, right after the accounts are wiped. The audit trail is kept:
     * it is a hash chain, and the chain stays whole.
     */
    public void truncateLedger() {
        jdbc.sql("truncate wallet_transfers, wallet_entries, wallet_idempotency_keys restart identity cascade")
                .update();
    }

    /**
     * Opens the missing customer wallets, then credits every customer wallet that has no entries yet
     * an opening deposit; answers how many deposits it made.
     */
    public long openWalletsWithOpeningDeposits(long seed) {
        long started = System.nanoTime();
        String currency = properties.currency();
        system.forget();
        system.ensure(currency);
        WalletAccount cashIn = system.get(WalletAccount.DEPOSITS, currency);
        jdbc.sql(OPEN_MISSING_WALLETS).param("currency", currency).update();
        List<Long> wallets = jdbc.sql(WALLETS_WITHOUT_ENTRIES)
                .query((rs, n) -> rs.getLong(1))
                .list();
        if (wallets.isEmpty()) {
            return 0;
        }
        int n = wallets.size();
        long[] amounts = new long[n];
        SplittableRandom random = new SplittableRandom(seed ^ 0x3a11e7L);
        for (int i = 0; i < n; i++) {
            // log-normal around 200.00, between 1.00 and 10,000.00
            double value = Math.exp(Math.log(20_000) + 0.8 * random.nextGaussian());
            amounts[i] = Math.clamp(Math.round(value), 100L, 1_000_000L);
        }
        long afterTransferId = jdbc.sql("select coalesce(max(id), 0) from wallet_transfers")
                .query(Long.class)
                .single();
        long cashInBalance = jdbc.sql("select balance from wallet_accounts where id = :id")
                .param("id", cashIn.id())
                .query(Long.class)
                .single();
        boolean large = n >= 50_000;
        copy.copy(
                "wallet_transfers",
                List.of("id", "kind", "from_account_id", "to_account_id", "amount", "currency", "reference"),
                n,
                large,
                (i, row) -> row.add(afterTransferId + i + 1)
                        .add("DEPOSIT")
                        .add(cashIn.id())
                        .add(wallets.get((int) i))
                        .add(amounts[(int) i])
                        .add(currency)
                        .add("opening deposit"));
        long[] running = {cashInBalance};
        copy.copy(
                "wallet_entries",
                List.of("transfer_id", "account_id", "amount", "balance_after"),
                2L * n,
                large,
                (j, row) -> {
                    int i = (int) (j / 2);
                    long transferId = afterTransferId + i + 1;
                    if (j % 2 == 0) {
                        running[0] -= amounts[i];
                        row.add(transferId).add(cashIn.id()).add(-amounts[i]).add(running[0]);
                    } else {
                        row.add(transferId).add(wallets.get(i)).add(amounts[i]).add(amounts[i]);
                    }
                });
        copy.copy(
                "wallet_audit",
                List.of(
                        "action",
                        "transfer_id",
                        "from_account_id",
                        "to_account_id",
                        "amount",
                        "currency",
                        "request_id",
                        "detail"),
                n,
                false,
                (i, row) -> row.add("DEPOSIT")
                        .add(afterTransferId + i + 1)
                        .add(cashIn.id())
                        .add(wallets.get((int) i))
                        .add(amounts[(int) i])
                        .add(currency)
                        .add("seed")
                        .add("opening deposit"));
        jdbc.sql("select setval(pg_get_serial_sequence('wallet_transfers', 'id'), :max)")
                .param("max", afterTransferId + n)
                .query(Long.class)
                .single();
        LedgerBulkLoader.applyLoadedEntries(jdbc, afterTransferId);
        caches.invalidateAll();
        log.info(
                "wallets: {} opened with opening deposits through the ledger in {} s",
                n,
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return n;
    }
}
