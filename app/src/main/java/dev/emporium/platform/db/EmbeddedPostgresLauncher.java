package dev.emporium.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 *
 * <p>Exposure: the server listens on loopback only. Zonky's cluster trusts every local connection as
 * the superuser (no password); anyone with a shell on the machine can therefore read it, including
 * the token signing key when none is configured ({@code server_secrets}). Production sets
 * {@code EMPORIUM_SECURITY_JWT_SECRET} and an external PostgreSQL with password authentication.
 */
public final class EmbeddedPostgresLauncher {

    public static final String DURABLE = "durable";
    public static final String EPHEMERAL = "ephemeral";

    private EmbeddedPostgresLauncher() {}

    /** Starts the server; {@code notices} hears about anything unusual found on the way (an orphaned server). */
    public static EmbeddedPostgres start(String mode, Path dataDir, int port, Consumer<String> notices) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // loopback only, stated rather than inherited: zonky initialises the cluster with
                    // trust authentication, so it must never be reachable from another machine
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "16MB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .setServerConfig("track_io_timing", "on")
                    // per-statement totals for the readiness report's "top statements" (a few % of overhead)
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "top");
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
                throw new IllegalArgumentException(
                        "emporium.embedded-db.mode must be durable or ephemeral, was " + mode);
            }
            EmbeddedPostgres postgres = builder.start();
            enableStatementStatistics(postgres);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /** The extension ships with the embedded binaries; an external server is the operator's choice. */
    private static void enableStatementStatistics(EmbeddedPostgres postgres) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
        } catch (SQLException e) {
            throw new IOException("Could not enable pg_stat_statements", e);
        }
    }
}
