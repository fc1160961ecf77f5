package dev.emporium.seed;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Runs before the application reports ready: loads demo data into an empty database, or the data
 * set named by {@code emporium.seed.scale}. A PostgreSQL advisory lock makes sure only one of several
 * nodes starting together does it.
 *
 * <p>Demo data contains customers whose password is published in the README, so it goes only into
 * the embedded database by default; an external database gets it only when {@code
 * emporium.seed.demo-on-empty=true} asks for it. What happened is stated in the start-up line
 * (property {@code emporium.seed.outcome}).
 */
@Component
@Order(0)
class SeedRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SeedRunner.class);
    private static final long SEED_LOCK = 0x5eed_0001L;

    private final DataGenerator generator;
    private final SeedProperties properties;
    private final DataSource dataSource;
    private final ConfigurableApplicationContext context;
    private boolean demo;

    SeedRunner(
            DataGenerator generator,
            SeedProperties properties,
            DataSource dataSource,
            ConfigurableApplicationContext context) {
        this.generator = generator;
        this.properties = properties;
        this.dataSource = dataSource;
        this.context = context;
    }

    /** Whether an empty database gets the demo data: as configured, else only the embedded one. */
    static boolean demoWanted(@Nullable Boolean configured, boolean embedded) {
        return configured != null ? configured : embedded;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        boolean embedded = context.getEnvironment().getProperty("emporium.embedded-db.active", Boolean.class, false);
        demo = demoWanted(properties.demoOnEmpty(), embedded);
        outcome(
                demo
                        ? "demo data on an empty database"
                        : embedded
                                ? "no demo data (emporium.seed.demo-on-empty=false)"
                                : "no demo data (external database; emporium.seed.demo-on-empty=true loads it)");
        if (properties.scale() == null && !demo) {
            return;
        }
        try (Connection lockHolder = dataSource.getConnection();
                Statement statement = lockHolder.createStatement()) {
            statement.execute("select pg_advisory_lock(" + SEED_LOCK + ")");
            try {
                seed();
            } finally {
                statement.execute("select pg_advisory_unlock(" + SEED_LOCK + ")");
            }
        }
        if (properties.scale() != null && properties.exit()) {
            System.exit(SpringApplication.exit(context, () -> 0));
        }
    }

    private void seed() {
        boolean empty = generator.isEmpty();
        if (properties.scale() != null) {
            if (!empty && !properties.replace()) {
                log.warn(
                        "Not generating scale {}: the database already has data (pass --emporium.seed.replace=true)",
                        properties.scale());
                return;
            }
            generator.generate(DataSetSize.forScale(properties.scale()), properties.randomSeed());
        } else if (empty && demo) {
            log.info("Empty database: loading the demo data set (scale 0)");
            generator.generate(DataSetSize.forScale(0), properties.randomSeed());
            outcome("demo data loaded (customers share the README's published password)");
        } else {
            outcome(demo ? "existing data kept" : "existing data kept; no demo data");
        }
    }

    private void outcome(String text) {
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("emporiumSeedOutcome", Map.of("emporium.seed.outcome", text)));
    }
}
