package dev.emporium.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded PostgreSQL when no {@code spring.datasource.url} is configured, and points the
 * datasource at it before any bean is created, so Flyway, HikariCP and health checks see an
 * ordinary PostgreSQL.
 *
 * <p>The mode ({@code emporium.embedded-db.mode}, see {@link EmbeddedPostgresLauncher}) is
 * {@code durable} by default, with data in {@code emporium.embedded-db.dir}; tests use
 * {@code ephemeral}. One server per mode and directory is shared by every application context in
 * the JVM, which keeps test contexts cheap.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    private static final Object LOCK = new Object();
    private static final Map<String, EmbeddedPostgres> RUNNING = new HashMap<>();

    private final Log log;

    public EmbeddedPostgresEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedPostgresEnvironment.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")
                || !environment.getProperty("emporium.embedded-db.enabled", Boolean.class, true)) {
            return;
        }
        String mode = environment.getProperty("emporium.embedded-db.mode", "durable");
        String dir = environment.getProperty("emporium.embedded-db.dir", "./data/postgres");
        int port = environment.getProperty("emporium.embedded-db.port", Integer.class, 0);
        EmbeddedPostgres postgres = start(mode, dir, port);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put("emporium.embedded-db.active", "true");
        environment.getPropertySources().addFirst(new MapPropertySource("emporiumEmbeddedPostgres", properties));
    }

    private EmbeddedPostgres start(String mode, String dir, int port) {
        synchronized (LOCK) {
            String key = mode + ":" + dir;
            EmbeddedPostgres running = RUNNING.get(key);
            if (running != null) {
                return running;
            }
            Path dataDir = Path.of(dir).toAbsolutePath().normalize();
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(mode, dataDir, port, log::warn);
            log.info("Embedded PostgreSQL (" + mode + ") started on port " + postgres.getPort() + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms"
                    + (EmbeddedPostgresLauncher.DURABLE.equals(mode) ? ", data in " + dataDir : ""));
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> close(postgres)));
            RUNNING.put(key, postgres);
            return postgres;
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the next start recovers the data directory
        }
    }
}
