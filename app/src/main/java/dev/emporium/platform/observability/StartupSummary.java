package dev.emporium.platform.observability;

import dev.emporium.platform.cache.CacheMode;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says in one line, once the application is ready, what it runs on: which database (embedded and
 * where its data lives, or external), which cache mode, the port and the start-up time. Operators
 * should never have to guess whether the cache or the durable database is really in use.
 */
@Component
class StartupSummary {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final DataSource dataSource;
    private final Environment environment;
    private final CacheMode cacheMode;

    StartupSummary(DataSource dataSource, Environment environment, CacheMode cacheMode) {
        this.dataSource = dataSource;
        this.environment = environment;
        this.cacheMode = cacheMode;
    }

    @EventListener(ApplicationReadyEvent.class)
    void summarise(ApplicationReadyEvent event) {
        log.info(
                "Emporium ready in {} ms | database: {} | data: {} | cache: {} | port {}",
                ManagementFactory.getRuntimeMXBean().getUptime(),
                database(),
                environment.getProperty("emporium.seed.outcome", "no seeding"),
                cache(),
                environment.getProperty("local.server.port", environment.getProperty("server.port", "8080")));
    }

    private String database() {
        String version;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            version = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            version = "unreachable (" + e.getMessage() + ")";
        }
        if (environment.getProperty("emporium.embedded-db.active", Boolean.class, false)) {
            String mode = environment.getProperty("emporium.embedded-db.mode", "durable");
            return "embedded " + version
                    + ("durable".equals(mode)
                            ? ", durable, data in "
                                    + environment.getProperty("emporium.embedded-db.dir", "./data/postgres")
                            : ", ephemeral (test settings)");
        }
        return "external " + version + " at " + environment.getProperty("spring.datasource.url");
    }

    private String cache() {
        return cacheMode.l2Configured()
                ? cacheMode.describe() + ": Caffeine in process, Redis shared"
                : cacheMode.describe() + ": Caffeine in process; REDIS_URL not set, so nothing is shared between nodes";
    }
}
