package dev.emporium.support;

import dev.emporium.account.DemoAccounts;
import dev.emporium.seed.DataGenerator;
import dev.emporium.seed.DataSetSize;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The data set integration tests share: generated once per test JVM, large enough that the planner
 * behaves as it does at scale 1 (a few hundred thousand products, tens of thousands of customers),
 * small enough to load in seconds, with an order history of {@link #ORDERS} orders paid through the ledger. Tests must not depend on rows other tests create or change.
 */
public final class TestData {

    /** {@code -Demporium.test.scale=1} runs the suite (and its EXPLAIN guards) on the full reference set. */
    public static final DataSetSize SIZE = "1".equals(System.getProperty("emporium.test.scale"))
            ? DataSetSize.forScale(1)
            : new DataSetSize(2_000, 5_000, 250_000, 40_000);

    public static final long SEED = 42;

    /** Orders in the shared set: the full 2,000,000 at scale 1, else enough for the planner to prefer indexes. */
    public static final long ORDERS = "1".equals(System.getProperty("emporium.test.scale")) ? SIZE.orders() : 100_000;

    private static boolean loaded;

    private TestData() {}

    public static synchronized void ensureLoaded(DataGenerator generator, JdbcClient jdbc) {
        if (loaded) {
            return;
        }
        generator.generateCatalog(SIZE, SEED);
        Long customers = jdbc.sql("select count(*) from users where email = :email")
                .param("email", DemoAccounts.generatedCustomerEmail(1))
                .query(Long.class)
                .single();
        if (customers == 0) {
            generator.generateCustomers(SIZE, SEED);
        }
        Long orders = jdbc.sql("select count(*) from orders").query(Long.class).single();
        if (orders < ORDERS) {
            generator.generateOrders(ORDERS, SEED);
        }
        loaded = true;
    }
}
