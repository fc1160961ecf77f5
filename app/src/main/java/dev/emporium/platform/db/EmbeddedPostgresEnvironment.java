package dev.emporium.platform.db;

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
 *
 * <p>The datasource gets the server's generated superuser password through this property source
 * (never through a log line: the start-up line names the file that holds it, see
 * {@link EmbeddedPostgresPassword}).
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    private static final Object LOCK = new Object();
    private static final Map<String, EmbeddedPostgresLauncher.Server> RUNNING = new HashMap<>();

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
        EmbeddedPostgresLauncher.Server server = start(mode, dir, port);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", server.postgres().getJdbcUrl("postgres", "postgres"));
        properties.put("spring.datasource.username", EmbeddedPostgresPassword.SUPERUSER);
        properties.put("spring.datasource.password", server.password());
        properties.put("emporium.embedded-db.active", "true");
        environment.getPropertySources().addFirst(new MapPropertySource("emporiumEmbeddedPostgres", properties));
    }

    private EmbeddedPostgresLauncher.Server start(String mode, String dir, int port) {
        synchronized (LOCK) {
            String key = mode + ":" + dir;
            EmbeddedPostgresLauncher.Server running = RUNNING.get(key);
            if (running != null) {
                return running;
            }
            Path dataDir = Path.of(dir).toAbsolutePath().normalize();
            long started = System.nanoTime();
            EmbeddedPostgresLauncher.Server server = EmbeddedPostgresLauncher.start(mode, dataDir, port, log::warn);
            Path passwordFile = server.passwordFile();
            log.info("Embedded PostgreSQL (" + mode + ") started on port "
                    + server.postgres().getPort() + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms"
                    + (passwordFile != null
                            ? ", data in " + dataDir + ", password in " + passwordFile + " (psql: PGPASSFILE="
                                    + passwordFile + " psql -h localhost -p "
                                    + server.postgres().getPort()
                                    + " -U postgres postgres)"
                            : ""));
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> close(server)));
            RUNNING.put(key, server);
            return server;
        }
    }

    private static void close(EmbeddedPostgresLauncher.Server server) {
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the next start recovers the data directory
        }
    }
}
