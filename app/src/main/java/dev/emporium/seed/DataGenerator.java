package dev.emporium.seed;

import dev.emporium.account.AccountBulkLoader;
import dev.emporium.account.DemoAccounts;
import dev.emporium.catalog.CatalogBulkLoader;
import dev.emporium.fulfillment.FulfillmentBulkLoader;
import dev.emporium.order.OrderBulkLoader;
import dev.emporium.platform.db.MaterializedViewRefresher;
import dev.emporium.platform.db.StatementTimeouts;
import dev.emporium.wallet.WalletBulkLoader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Generates a whole data set and loads it feature by feature, then refreshes every materialized view
 * so the dashboards describe it from the first request. Deterministic: the same size and seed
 * give the same rows (timestamps are anchored to the start of the current day).
 *
 * <p>Every entry point runs in the bulk class ({@link StatementTimeouts#unbounded}): its statements on
 * pooled connections (truncates, ledger balances over every wallet, the lexicon rebuild, vacuums) read
 * whole tables and must not meet the request path's short {@code statement_timeout}; {@code COPY} runs on
 * connections of its own without one ({@code BulkCopy}).
 */
@Service
public class DataGenerator {

    private static final Logger log = LoggerFactory.getLogger(DataGenerator.class);

    private final CatalogBulkLoader catalog;
    private final AccountBulkLoader accounts;
    private final DemoAccounts demoAccounts;
    private final WalletBulkLoader wallets;
    private final OrderBulkLoader orders;
    private final FulfillmentBulkLoader fulfillment;
    private final SupplyGenerator supply;
    private final MaterializedViewRefresher views;
    private final StatementTimeouts timeouts;

    DataGenerator(
            CatalogBulkLoader catalog,
            AccountBulkLoader accounts,
            DemoAccounts demoAccounts,
            WalletBulkLoader wallets,
            OrderBulkLoader orders,
            FulfillmentBulkLoader fulfillment,
            SupplyGenerator supply,
            MaterializedViewRefresher views,
            StatementTimeouts timeouts) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.demoAccounts = demoAccounts;
        this.wallets = wallets;
        this.orders = orders;
        this.fulfillment = fulfillment;
        this.supply = supply;
        this.views = views;
        this.timeouts = timeouts;
    }

    public boolean isEmpty() {
        return catalog.isEmpty();
    }

    /**
     * Wipes catalog and accounts and loads a fresh data set of the given size, plus the named demo
     * customers. No admin is generated: the only admin comes from configuration.
     */
    public void generate(DataSetSize size, long seed) {
        timeouts.unbounded(() -> load(size, seed));
    }

    private void load(DataSetSize size, long seed) {
        long started = System.nanoTime();
        log.info(
                "Generating data set: {} categories, {} products, {} customers (seed {})",
                size.categories(),
                size.products(),
                size.customers(),
                seed);
        accounts.truncate();
        wallets.truncateLedger();
        generateCatalog(size, seed);
        generateCustomers(size, seed);
        demoAccounts.createNamedCustomers();
        wallets.openWalletsWithOpeningDeposits(seed);
        generateOrders(size.orders(), seed);
        fulfillment.generateForCatalogOf(size.products(), seed);
        supply.generate(size, seed);
        // the dashboard's views (analytics, fulfillment stats) describe what was just loaded
        long viewsStarted = System.nanoTime();
        views.refreshAll();
        log.info(
                "Materialized views refreshed in {} s",
                String.format("%.1f", (System.nanoTime() - viewsStarted) / 1e9));
        double seconds = (System.nanoTime() - started) / 1e9;
        long rows = size.categories() + size.products() + size.customers() + size.orders();
        log.info(
                "Data set loaded: {} rows ({} categories, {} products, {} customers with wallets, {} orders) in {} s",
                rows,
                size.categories(),
                size.products(),
                size.customers(),
                size.orders(),
                String.format("%.1f", seconds));
    }

    /** Replaces the catalog (categories and products) with a generated one. */
    public void generateCatalog(DataSetSize size, long seed) {
        timeouts.unbounded(() -> {
            catalog.truncate();
            CatalogGenerator generator =
                    new CatalogGenerator(size, seed, Instant.now().truncatedTo(ChronoUnit.DAYS));
            catalog.copyCategories(generator.categories());
            catalog.copyProducts(size.products(), generator::writeProduct);
        });
    }

    /**
     * Adds {@code count} orders of the existing customers for the existing products, each paid
     * through the ledger (see {@link OrderBulkLoader}).
     */
    public void generateOrders(long count, long seed) {
        timeouts.unbounded(() -> orders.generate(count, seed, Instant.now().truncatedTo(ChronoUnit.DAYS), "EUR"));
    }

    /**
     * Adds the generated customers, each with a wallet and an opening deposit through the ledger;
     * their emails must not exist yet. {@link #generate} wipes accounts and then the ledger (its
     * tables have no foreign keys to accounts, so the accounts' {@code truncate ... cascade} does not
     * reach them).
     */
    public void generateCustomers(DataSetSize size, long seed) {
        timeouts.unbounded(() -> {
            accounts.copyCustomers(size.customers(), demoAccounts.passwordHash());
            wallets.openWalletsWithOpeningDeposits(seed);
        });
    }
}
