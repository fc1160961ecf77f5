package dev.emporium.support;

import dev.emporium.account.DemoAccounts;
import dev.emporium.seed.DataGenerator;
import dev.emporium.seed.DataSetSize;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The data set integration tests share: generated once per test JVM, large enough that the planner
 * behaves as it does at scale 1 (a few hundred thousand products, tens of thousands of customers),
 * small enough to load in seconds. Tests must not depend on rows other tests create or change.
 */
public final class TestData {

    /** {@code -Demporium.test.scale=1} runs the suite (and its EXPLAIN guards) on the full reference set. */
    public static final DataSetSize SIZE = "1".equals(System.getProperty("emporium.test.scale"))
            ? DataSetSize.forScale(1)
            : new DataSetSize(2_000, 5_000, 250_000, 40_000);

    public static final long SEED = 42;

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
        loaded = true;
    }
}
