package dev.emporium.wallet;

import dev.emporium.platform.db.BulkCopy;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bulk posting of generated customer money movements (order payments, refunds, top-up deposits)
 * <em>through the ledger</em>, for the data generator: each movement becomes a transfer, its two
 * entries (summing to zero, each with the account's running balance after it) and its audit row,
 * all with {@code COPY}; stored balances are then moved by the sum of the new entries in one
 * statement, so "balance = sum of entries" holds by construction. The caller guarantees that no
 * customer balance goes below zero along the sequence (it tops up first); this class checks it and
 * refuses to load a sequence that breaks it.
 *
 * <p>The movements are read three times (transfers, entries, audit rows), so the caller hands over
 * a supplier that replays the same deterministic sequence each time rather than a list: memory stays
 * flat at two million orders.
 */
@Component
public class OrderPaymentBulkLoader {

    private static final Logger log = LoggerFactory.getLogger(OrderPaymentBulkLoader.class);

    private static final String CUSTOMER_WALLETS = """
            select owner_id, id, balance, currency
              from wallet_accounts
             where kind = 'CUSTOMER'
             order by owner_id
            """;

    private static final String BALANCE = "select balance from wallet_accounts where id = :id";

    /** The kinds of movement a customer takes part in. */
    public enum Kind {
        /** cash-in → customer */
        DEPOSIT,
        /** customer → order revenue */
        ORDER_PAYMENT,
        /** refunds → customer */
        REFUND
    }

    /** One movement; {@code customer} is an index into {@link CustomerWallets}. */
    public record Movement(Kind kind, int customer, long amount, String reference, Instant at) {}

    /** Every customer wallet, by owner id, with its balance now; one currency for all of them. */
    public record CustomerWallets(long[] ownerIds, long[] accountIds, long[] balances, String currency) {}

    private final BulkCopy copy;
    private final JdbcClient jdbc;
    private final SystemAccounts system;
    private final WalletCaches caches;

    OrderPaymentBulkLoader(BulkCopy copy, JdbcClient jdbc, SystemAccounts system, WalletCaches caches) {
        this.copy = copy;
        this.jdbc = jdbc;
        this.system = system;
        this.caches = caches;
    }

    public CustomerWallets customerWallets(String defaultCurrency) {
        record Row(long owner, long account, long balance, String currency) {}
        List<Row> rows = jdbc.sql(CUSTOMER_WALLETS)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)))
                .list();
        int n = rows.size();
        long[] owners = new long[n];
        long[] accounts = new long[n];
        long[] balances = new long[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            owners[i] = row.owner();
            accounts[i] = row.account();
            balances[i] = row.balance();
            if (!row.currency().equals(rows.getFirst().currency())) {
                throw new IllegalStateException("customer wallets hold more than one currency");
            }
        }
        return new CustomerWallets(
                owners,
                accounts,
                balances,
                n == 0 ? defaultCurrency : rows.getFirst().currency());
    }

    /** Posts {@code count} movements (the supplier replays them, identically, on each call); answers the count. */
    public long post(CustomerWallets wallets, long count, Supplier<Iterator<Movement>> movements) {
        if (count == 0) {
            return 0;
        }
        long started = System.nanoTime();
        String currency = wallets.currency();
        system.forget();
        system.ensure(currency);
        WalletAccount cashIn = system.get(WalletAccount.DEPOSITS, currency);
        WalletAccount revenue = system.get(WalletAccount.ORDER_REVENUE, currency);
        WalletAccount refunds = system.get(WalletAccount.REFUNDS, currency);
        long afterTransferId = jdbc.sql("select coalesce(max(id), 0) from wallet_transfers")
                .query((rs, n) -> rs.getLong(1))
                .single();
        boolean large = count >= 50_000;
        Iterator<Movement> forTransfers = movements.get();
        copy.copy("wallet_transfers", LedgerBulkLoader.TRANSFER_COLUMNS, count, large, (i, row) -> {
            Movement m = forTransfers.next();
            row.add(afterTransferId + i + 1)
                    .add(m.kind().name())
                    .add(from(m, wallets, cashIn, refunds))
                    .add(to(m, wallets, revenue))
                    .add(m.amount())
                    .add(currency)
                    .add(m.reference())
                    .add(m.at().toString());
        });
        long[] balances = wallets.balances().clone();
        long[] system = {balance(cashIn), balance(revenue), balance(refunds)};
        Iterator<Movement> forEntries = movements.get();
        Movement[] current = new Movement[1];
        copy.copy("wallet_entries", LedgerBulkLoader.ENTRY_COLUMNS, 2 * count, large, (j, row) -> {
            if (j % 2 == 0) {
                current[0] = forEntries.next();
            }
            Movement m = current[0];
            long transferId = afterTransferId + j / 2 + 1;
            boolean debit = j % 2 == 0;
            long account = debit ? from(m, wallets, cashIn, refunds) : to(m, wallets, revenue);
            long delta = debit ? -m.amount() : m.amount();
            long after = apply(m, debit, delta, balances, system);
            row.add(transferId).add(account).add(delta).add(after).add(m.at().toString());
        });
        Iterator<Movement> forAudit = movements.get();
        copy.copy("wallet_audit", LedgerBulkLoader.AUDIT_COLUMNS, count, false, (i, row) -> {
            Movement m = forAudit.next();
            row.add(m.at().toString())
                    .add(m.kind().name())
                    .add(afterTransferId + i + 1)
                    .add(from(m, wallets, cashIn, refunds))
                    .add(to(m, wallets, revenue))
                    .add(m.amount())
                    .add(currency)
                    .add("seed")
                    .add(m.reference());
        });
        jdbc.sql("select setval(pg_get_serial_sequence('wallet_transfers', 'id'), :max)")
                .param("max", afterTransferId + count)
                .query((rs, n) -> rs.getLong(1))
                .single();
        LedgerBulkLoader.applyLoadedEntries(jdbc, afterTransferId);
        caches.invalidateAll();
        log.info(
                "wallets: {} order payments, refunds and top-ups posted through the ledger in {} s",
                count,
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return count;
    }

    private long balance(WalletAccount account) {
        return jdbc.sql(BALANCE)
                .param("id", account.id())
                .query((rs, n) -> rs.getLong(1))
                .single();
    }

    private static long from(Movement m, CustomerWallets w, WalletAccount cashIn, WalletAccount refunds) {
        return switch (m.kind()) {
            case DEPOSIT -> cashIn.id();
            case ORDER_PAYMENT -> w.accountIds()[m.customer()];
            case REFUND -> refunds.id();
        };
    }

    private static long to(Movement m, CustomerWallets w, WalletAccount revenue) {
        return switch (m.kind()) {
            case DEPOSIT, REFUND -> w.accountIds()[m.customer()];
            case ORDER_PAYMENT -> revenue.id();
        };
    }

    /** Moves the running balance of the entry's account; system[0..2] = cash-in, revenue, refunds. */
    private static long apply(Movement m, boolean debit, long delta, long[] customers, long[] system) {
        boolean customerSide = (m.kind() == Kind.ORDER_PAYMENT) == debit;
        if (customerSide) {
            customers[m.customer()] += delta;
            if (customers[m.customer()] < 0) {
                throw new IllegalStateException("generated movements take customer " + m.customer() + " below zero");
            }
            return customers[m.customer()];
        }
        int index = switch (m.kind()) {
            case DEPOSIT -> 0;
            case ORDER_PAYMENT -> 1;
            case REFUND -> 2;
        };
        system[index] += delta;
        return system[index];
    }
}
