package dev.emporium.supply;

import dev.emporium.platform.db.BulkCopy;
import dev.emporium.wallet.SupplierLedgerBulkLoader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bulk loading of supply data for the data generator, with {@code COPY}: suppliers (each with its
 * ledger account), deliveries, and payouts posted through the ledger
 * ({@link SupplierLedgerBulkLoader}) with their {@code supplier_payouts} rows. Loads add to what is
 * there (ids continue after the current maximum); wiping is the accounts' truncate, which cascades
 * through the ledger accounts to suppliers, deliveries and payouts.
 *
 * <p>Generated deliveries are history: they do not add to the generated stock, which the catalog
 * generator sets on its own.
 */
@Component
public class SupplyBulkLoader {

    private static final List<String> SUPPLIER_COLUMNS =
            List.of("id", "name", "email", "currency", "account_id", "created_at", "updated_at");
    /** The columns a delivery row writer fills, in this order. */
    public static final List<String> DELIVERY_COLUMNS =
            List.of("supplier_id", "product_id", "quantity", "unit_cost", "received_at", "created_at");

    private final BulkCopy copy;
    private final JdbcClient jdbc;
    private final SupplierLedgerBulkLoader ledger;

    SupplyBulkLoader(BulkCopy copy, JdbcClient jdbc, SupplierLedgerBulkLoader ledger) {
        this.copy = copy;
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** Suppliers to load and the loaded suppliers' ids, in the same order. */
    public record LoadedSuppliers(List<Long> ids) {}

    /**
     * Copies {@code count} active suppliers in {@code currency}, named "{@code namePrefix} ID", each
     * with a new ledger account, created at {@code createdAt}; answers their ids, ascending.
     */
    public LoadedSuppliers copySuppliers(int count, String namePrefix, String currency, Instant createdAt) {
        List<Long> accounts = ledger.openAccounts(currency, count);
        long afterId = scalar("select coalesce(max(id), 0) from suppliers");
        String created = timestamp(createdAt);
        copy.copy("suppliers", SUPPLIER_COLUMNS, count, false, (i, row) -> {
            long id = afterId + i + 1;
            row.add(id)
                    .add(namePrefix + " " + id)
                    .add("orders+" + id + "@supplier.example")
                    .add(currency)
                    .add(accounts.get((int) i))
                    .add(created)
                    .add(created);
        });
        moveIdentityPastMax("suppliers");
        List<Long> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(afterId + i + 1);
        }
        return new LoadedSuppliers(List.copyOf(ids));
    }

    /** Copies {@code count} deliveries; {@code source} fills row {@code i} in {@link #DELIVERY_COLUMNS} order. */
    public void copyDeliveries(long count, BulkCopy.RowWriter source) {
        copy.copy("deliveries", DELIVERY_COLUMNS, count, count >= 50_000, source);
        moveIdentityPastMax("deliveries");
    }

    /** A payout to load: {@code amount} (minor units) to supplier {@code supplierId} at {@code paidAt}. */
    public record PlannedPayout(long supplierId, long amount, Instant paidAt) {}

    /** Posts the payouts through the ledger, in list order, and records them as the suppliers' payouts. */
    public void postPayouts(String currency, List<PlannedPayout> payouts) {
        if (payouts.isEmpty()) {
            return;
        }
        long minSupplier =
                payouts.stream().mapToLong(PlannedPayout::supplierId).min().orElseThrow();
        long maxSupplier =
                payouts.stream().mapToLong(PlannedPayout::supplierId).max().orElseThrow();
        long[] accountOf = new long[(int) (maxSupplier - minSupplier + 1)];
        jdbc.sql("select id, account_id from suppliers where id between :min and :max")
                .param("min", minSupplier)
                .param("max", maxSupplier)
                .query(rs -> {
                    accountOf[(int) (rs.getLong(1) - minSupplier)] = rs.getLong(2);
                });
        List<SupplierLedgerBulkLoader.LoadedPayout> transfers = payouts.stream()
                .map(p -> new SupplierLedgerBulkLoader.LoadedPayout(
                        accountOf[(int) (p.supplierId() - minSupplier)], p.amount(), p.paidAt()))
                .toList();
        long firstTransfer = ledger.postPayouts(currency, transfers);
        copy.copy(
                "supplier_payouts",
                List.of("supplier_id", "transfer_id", "amount", "reference", "paid_at"),
                payouts.size(),
                payouts.size() >= 50_000,
                (i, row) -> {
                    PlannedPayout p = payouts.get((int) i);
                    row.add(p.supplierId())
                            .add(firstTransfer + i)
                            .add(p.amount())
                            .add("supplier payout")
                            .add(timestamp(p.paidAt()));
                });
        moveIdentityPastMax("supplier_payouts");
    }

    private long scalar(String sql) {
        return jdbc.sql(sql).query((rs, n) -> rs.getLong(1)).single();
    }

    private void moveIdentityPastMax(String table) {
        jdbc.sql("select setval(pg_get_serial_sequence('" + table + "', 'id'), coalesce((select max(id) from " + table
                        + "), 0) + 1, false)")
                .query((rs, n) -> rs.getLong(1))
                .single();
    }

    /** COPY text for a timestamptz. */
    public static String timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
