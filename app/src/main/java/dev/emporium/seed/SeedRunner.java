package dev.emporium.seed;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs before the application reports ready: loads demo data into an empty database, or the data
 * set named by {@code emporium.seed.scale}. A PostgreSQL advisory lock makes sure only one of several
 * nodes starting together does it.
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

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (properties.scale() == null && !properties.demoOnEmpty()) {
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
        } else if (empty) {
            log.info("Empty database: loading the demo data set (scale 0)");
            generator.generate(DataSetSize.forScale(0), properties.randomSeed());
        }
    }
}
