package dev.emporium.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Starts zonky's embedded PostgreSQL in one of two modes.
 *
 * <p>{@code durable}: data in a directory that survives restarts. Zonky starts PostgreSQL with
 * test-friendly settings ({@code -F}: fsync off, {@code synchronous_commit=off}); here they are forced
 * back on, together with {@code full_page_writes}, because this database holds users' data. After an
 * unclean stop (SIGKILL of the JVM) the PostgreSQL server it started keeps running without an owner;
 * the next start stops that orphan ({@link OrphanedPostgres}) and takes the directory over.
 *
 * <p>{@code ephemeral}: a fresh temporary directory with the fast settings, for tests only.
 */
public final class EmbeddedPostgresLauncher {

    public static final String DURABLE = "durable";
    public static final String EPHEMERAL = "ephemeral";

    private EmbeddedPostgresLauncher() {
    }

    /** Starts the server; {@code notices} hears about anything unusual found on the way (an orphaned server). */
    public static EmbeddedPostgres start(String mode, Path dataDir, int port, Consumer<String> notices) {
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
            if (EPHEMERAL.equals(mode)) {
                builder.setCleanDataDirectory(true);
            } else if (DURABLE.equals(mode)) {
                Files.createDirectories(dataDir);
                OrphanedPostgres.stopIfLeftBehind(dataDir, notices);
                builder.setDataDirectory(dataDir.toFile())
                        .setCleanDataDirectory(false)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            } else {
                throw new IllegalArgumentException("emporium.embedded-db.mode must be durable or ephemeral, was " + mode);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }
}
