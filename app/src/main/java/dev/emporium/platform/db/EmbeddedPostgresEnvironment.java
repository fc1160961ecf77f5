package dev.emporium.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * <p>Two modes, chosen by {@code emporium.embedded-db.mode}:
 * <ul>
 *   <li>{@code durable} (default): data lives in {@code emporium.embedded-db.dir} and survives
 *       restarts; {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} are forced
 *       back on, because zonky's defaults are tuned for throwaway test databases.</li>
 *   <li>{@code ephemeral}: a fresh temporary directory with the fast, unsafe settings; used by tests.
 *       One server is shared by every application context in the JVM.</li>
 * </ul>
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
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("shared_buffers", "256MB")
                        .setServerConfig("work_mem", "16MB")
                        .setServerConfig("maintenance_work_mem", "256MB")
                        .setServerConfig("track_io_timing", "on");
                if (port > 0) {
                    builder.setPort(port);
                }
                if ("ephemeral".equals(mode)) {
                    builder.setCleanDataDirectory(true);
                } else {
                    Path dataDir = Path.of(dir).toAbsolutePath().normalize();
                    Files.createDirectories(dataDir);
                    builder.setDataDirectory(dataDir.toFile())
                            .setCleanDataDirectory(false)
                            .setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on")
                            .setServerConfig("full_page_writes", "on");
                }
                long started = System.nanoTime();
                EmbeddedPostgres postgres = builder.start();
                log.info("Embedded PostgreSQL (" + mode + ") started on port " + postgres.getPort() + " in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms"
                        + ("ephemeral".equals(mode) ? "" : ", data in " + Path.of(dir).toAbsolutePath().normalize()));
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> close(postgres)));
                RUNNING.put(key, postgres);
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
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
