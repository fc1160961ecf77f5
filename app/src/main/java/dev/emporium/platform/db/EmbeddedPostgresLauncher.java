package dev.emporium.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
 * <p>Exposure: the server listens on loopback only, and every connection, local socket included,
 * needs the superuser password ({@link EmbeddedPostgresPassword}: generated at the first start, kept
 * in {@code <data dir>.pgpass} with mode 0600; an ephemeral server's password lives only in this
 * process). Another account on the machine can therefore reach the port but not the data, which
 * includes the token signing key when none is configured ({@code server_secrets}). Production still
 * sets {@code EMPORIUM_SECURITY_JWT_SECRET}, and an external PostgreSQL once the data matters.
 */
public final class EmbeddedPostgresLauncher {

    public static final String DURABLE = "durable";
    public static final String EPHEMERAL = "ephemeral";

    private EmbeddedPostgresLauncher() {}

    /**
     * A started server and its superuser password (which {@link EmbeddedPostgres#getPostgresDatabase()}
     * already uses); {@code passwordFile} is null for an ephemeral server.
     */
    public record Server(
            EmbeddedPostgres postgres,
            String password,
            @Nullable Path passwordFile) implements Closeable {

        @Override
        public void close() throws IOException {
            postgres.close();
        }

        /** Never the password: a record's default would print it wherever the server is logged. */
        @Override
        public String toString() {
            return "Server[port=" + postgres.getPort() + ", passwordFile=" + passwordFile + "]";
        }
    }

    /** Starts the server; {@code notices} hears about anything unusual found on the way (an orphaned server). */
    public static Server start(String mode, Path dataDir, int port, Consumer<String> notices) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // loopback only, stated rather than inherited: the embedded server is a local
                    // database and must never be reachable from another machine
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", EmbeddedPostgresPassword.METHOD)
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
                String password = EmbeddedPostgresPassword.generate();
                EmbeddedPostgres postgres = startNew(builder, password);
                enableStatementStatistics(postgres);
                return new Server(postgres, password, null);
            } else if (DURABLE.equals(mode)) {
                Files.createDirectories(dataDir);
                OrphanedPostgres.stopIfLeftBehind(dataDir, notices);
                builder.setDataDirectory(dataDir.toFile())
                        .setCleanDataDirectory(false)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
                return startDurable(builder, dataDir, notices);
            } else {
                throw new IllegalArgumentException(
                        "emporium.embedded-db.mode must be durable or ephemeral, was " + mode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * A new directory gets its password from initdb; an existing one reads it from the password
     * file, or, if it was created by an earlier version with trust, gets one on this start.
     */
    private static Server startDurable(EmbeddedPostgres.Builder builder, Path dataDir, Consumer<String> notices)
            throws IOException {
        Path passwordFile = EmbeddedPostgresPassword.fileFor(dataDir);
        boolean existing = Files.exists(dataDir.resolve("postgresql.conf")); // what zonky asks before its initdb
        String password;
        EmbeddedPostgres postgres;
        if (!existing) {
            password = EmbeddedPostgresPassword.generate();
            EmbeddedPostgresPassword.write(passwordFile, password);
            postgres = startNew(builder, password);
        } else {
            boolean trusting = EmbeddedPostgresPassword.trusts(dataDir);
            if (Files.exists(passwordFile)) {
                password = EmbeddedPostgresPassword.read(passwordFile, notices);
            } else if (trusting) {
                password = EmbeddedPostgresPassword.generate();
                EmbeddedPostgresPassword.write(passwordFile, password);
            } else {
                throw new IOException("The embedded PostgreSQL in " + dataDir + " requires a password, but its"
                        + " password file " + passwordFile + " is missing. Restore that file; or, to set a new"
                        + " password, change the method in " + dataDir.resolve("pg_hba.conf")
                        + " to trust and start again (the next start generates a password and restores"
                        + " scram-sha-256).");
            }
            postgres = builder.setConnectConfig("password", password).start();
            if (trusting) {
                notices.accept("The embedded PostgreSQL in " + dataDir + " accepted connections without a password"
                        + " (created by an earlier version); setting a generated password, kept in "
                        + passwordFile);
                EmbeddedPostgresPassword.requireOnServer(
                        postgres.getPostgresDatabase(), dataDir, postgres.getPort(), password);
            }
        }
        enableStatementStatistics(postgres);
        return new Server(postgres, password, passwordFile);
    }

    /** Runs initdb with the password and scram-sha-256 instead of zonky's {@code -A trust}. */
    private static EmbeddedPostgres startNew(EmbeddedPostgres.Builder builder, String password) throws IOException {
        Path initdbPassword = EmbeddedPostgresPassword.initdbPasswordFile(password);
        try {
            return builder
                    // zonky appends these to its initdb command line as --key=value, after its -A trust
                    .setLocaleConfig("auth", EmbeddedPostgresPassword.METHOD)
                    .setLocaleConfig("pwfile", initdbPassword.toString())
                    .setConnectConfig("password", password)
                    .start();
        } finally {
            Files.deleteIfExists(initdbPassword);
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
