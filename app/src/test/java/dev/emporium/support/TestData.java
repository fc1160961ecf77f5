package dev.emporium.support;

import dev.emporium.seed.DataGenerator;
import dev.emporium.seed.DataSetSize;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The data set integration tests share: generated once per test JVM, large enough that the planner
 * behaves as it does at scale 1 (a few hundred thousand products, tens of thousands of customers),
 * small enough to load in seconds. Tests must not depend on rows other tests create or change.
 */
public final class TestData {

    public static final DataSetSize SIZE = new DataSetSize(2_000, 5_000, 250_000, 40_000);
    public static final long SEED = 42;

    private static boolean loaded;

    private TestData() {
    }

    public static synchronized void ensureLoaded(DataGenerator generator, JdbcClient jdbc) {
        if (loaded) {
            return;
        }
        generator.generateCatalog(SIZE, SEED);
        Long customers = jdbc.sql("select count(*) from users where email like :pattern")
                .param("pattern", "%@" + DataGenerator.CUSTOMER_DOMAIN).query(Long.class).single();
        if (customers == 0) {
            generator.generateCustomers(SIZE);
        }
        loaded = true;
    }
}
