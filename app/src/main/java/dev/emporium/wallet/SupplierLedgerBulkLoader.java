package dev.emporium.wallet;

import dev.emporium.platform.db.BulkCopy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bulk loading of suppliers' ledger data for the data generator: supplier accounts, and payouts
 * posted <em>through the ledger</em> as {@link WalletBulkLoader} posts opening deposits — each a
 * {@code SUPPLIER_PAYOUT} transfer with its two entries (running balances in transfer order) and its
 * audit row, all with {@code COPY}, dated when the payout was made; balances are then moved by the
 * sum of the loaded entries in one statement, so "balance = sum of entries" holds by construction.
 */
@Component
public class SupplierLedgerBulkLoader {

    private final BulkCopy copy;
    private final JdbcClient jdbc;
    private final SupplierAccountRepository accounts;
    private final SystemAccounts system;

    SupplierLedgerBulkLoader(
            BulkCopy copy, JdbcClient jdbc, SupplierAccountRepository accounts, SystemAccounts system) {
        this.copy = copy;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.system = system;
    }

    /** Opens {@code count} supplier accounts; answers their ids, ascending. */
    public List<Long> openAccounts(String currency, int count) {
        system.forget();
        system.ensure(currency);
        return accounts.openMany(currency, count);
    }

    /** One payout to load: {@code amount} to the supplier account {@code accountId} at {@code paidAt}. */
    public record LoadedPayout(long accountId, long amount, Instant paidAt) {}

    /**
     * Posts the payouts, in list order, and answers the id of the first transfer; payout {@code i}
     * became transfer {@code first + i}.
     */
    public long postPayouts(String currency, List<LoadedPayout> payouts) {
        WalletAccount source = system.get(WalletAccount.SUPPLIER_PAYOUTS, currency);
        long afterTransferId = scalar("select coalesce(max(id), 0) from wallet_transfers");
        long sourceBalance = jdbc.sql("select balance from wallet_accounts where id = :id")
                .param("id", source.id())
                .query((rs, n) -> rs.getLong(1))
                .single();
        int n = payouts.size();
        boolean large = n >= 50_000;
        copy.copy("wallet_transfers", LedgerBulkLoader.TRANSFER_COLUMNS, n, large, (i, row) -> {
            LoadedPayout p = payouts.get((int) i);
            row.add(afterTransferId + i + 1)
                    .add(TransferKind.SUPPLIER_PAYOUT.name())
                    .add(source.id())
                    .add(p.accountId())
                    .add(p.amount())
                    .add(currency)
                    .add("supplier payout")
                    .add(timestamp(p.paidAt()));
        });
        long[] running = {sourceBalance};
        Map<Long, Long> supplierBalances = new HashMap<>();
        copy.copy("wallet_entries", LedgerBulkLoader.ENTRY_COLUMNS, 2L * n, large, (j, row) -> {
            int i = (int) (j / 2);
            LoadedPayout p = payouts.get(i);
            long transferId = afterTransferId + i + 1;
            if (j % 2 == 0) {
                running[0] -= p.amount();
                row.add(transferId).add(source.id()).add(-p.amount()).add(running[0]);
            } else {
                long after = supplierBalances.merge(p.accountId(), p.amount(), Long::sum);
                row.add(transferId).add(p.accountId()).add(p.amount()).add(after);
            }
            row.add(timestamp(p.paidAt()));
        });
        copy.copy("wallet_audit", LedgerBulkLoader.AUDIT_COLUMNS, n, false, (i, row) -> {
            LoadedPayout p = payouts.get((int) i);
            row.add(timestamp(p.paidAt()))
                    .add(TransferKind.SUPPLIER_PAYOUT.name())
                    .add(afterTransferId + i + 1)
                    .add(source.id())
                    .add(p.accountId())
                    .add(p.amount())
                    .add(currency)
                    .add("seed")
                    .add("supplier payout");
        });
        jdbc.sql("select setval(pg_get_serial_sequence('wallet_transfers', 'id'), :max)")
                .param("max", Math.max(1, afterTransferId + n))
                .query((rs, k) -> rs.getLong(1))
                .single();
        LedgerBulkLoader.applyLoadedEntries(jdbc, afterTransferId);
        return afterTransferId + 1;
    }

    private long scalar(String sql) {
        return jdbc.sql(sql).query((rs, n) -> rs.getLong(1)).single();
    }

    private static String timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
