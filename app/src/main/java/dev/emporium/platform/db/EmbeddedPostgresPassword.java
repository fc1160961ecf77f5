package dev.emporium.platform.db;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The embedded PostgreSQL's superuser password: generated, kept beside the data directory, and
 * required of every connection.
 *
 * <p>Invariant: the embedded server never accepts a connection without the password. Zonky runs
 * {@code initdb -A trust}; a new cluster is instead created with {@code --auth=scram-sha-256
 * --pwfile=...} (zonky passes its "locale" options to initdb unchanged, and initdb's last
 * {@code --auth} wins), so it has the password and a {@code scram-sha-256} {@code pg_hba.conf}
 * before it ever listens. A data directory created by an earlier version (trust) is upgraded on its
 * next start: the password file is written first, then the password set ({@link #requireOnServer},
 * hashed on the client, so neither the server log nor {@code pg_stat_statements} sees it), then
 * {@code pg_hba.conf} rewritten and reloaded, and the start returns only once a password-less
 * connection is refused. Each step is repeated on the next start if a crash interrupts it. During
 * that one upgrading start the server is as open as it has been for that directory's whole life.
 *
 * <p>Where it lives: {@code <data dir>.pgpass} beside the directory ({@code ./data/postgres.pgpass}
 * by default), mode 0600, in libpq's password-file format, so an operator connects with
 * {@code PGPASSFILE=data/postgres.pgpass psql -h localhost -p <port> -U postgres postgres} and the
 * password appears on no command line, environment or log. Whoever can read that file (the account
 * that runs Emporium, and root) can read the database, as they could read its files anyway.
 */
final class EmbeddedPostgresPassword {

    static final String SUPERUSER = "postgres";
    static final String METHOD = "scram-sha-256";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final List<String> PASSWORD_FILE_HOSTS = List.of("localhost", "127.0.0.1");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What initdb writes for {@code --auth=scram-sha-256}: every local and loopback connection needs the password. */
    private static final String HBA = """
            # Written by Emporium: every connection authenticates with the superuser password kept beside the
            # data directory (<data dir>.pgpass). The server listens on loopback only.
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private EmbeddedPostgresPassword() {}

    /** The password file of a durable data directory: beside it, named after it. */
    static Path fileFor(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".pgpass");
    }

    /** 256 random bits, URL-safe Base64: no character that libpq's file format or a shell would need to escape. */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes the password file atomically, owner-only from its creation on. */
    static void write(Path file, String password) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String host : PASSWORD_FILE_HOSTS) {
            lines.append(host)
                    .append(":*:*:")
                    .append(SUPERUSER)
                    .append(':')
                    .append(password)
                    .append('\n');
        }
        writeOwnerOnly(file, lines.toString());
    }

    /** The password in {@code file}; tightens its permissions first if someone loosened them. */
    static String read(Path file, Consumer<String> notices) throws IOException {
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            notices.accept("The embedded PostgreSQL's password file " + file
                    + " was readable by others; restricting it to its owner (0600)");
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.strip().split(":");
            if (fields.length == 5 && fields[3].equals(SUPERUSER) && !fields[4].isEmpty()) {
                return fields[4];
            }
        }
        throw new IOException("The embedded PostgreSQL's password file " + file + " holds no password for " + SUPERUSER
                + " (expected lines host:*:*:" + SUPERUSER + ":password)");
    }

    /** A plain one-line file for {@code initdb --pwfile}, owner-only; the caller deletes it once initdb has run. */
    static Path initdbPasswordFile(String password) throws IOException {
        Path file = Files.createTempFile("emporium-initdb-", ".pw", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, password + "\n");
        return file;
    }

    /** Whether any rule in the cluster's {@code pg_hba.conf} lets a client in without a password. */
    static boolean trusts(Path dataDir) throws IOException {
        for (String line : Files.readAllLines(dataDir.resolve("pg_hba.conf"))) {
            int comment = line.indexOf('#');
            String rule = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (!rule.isEmpty()
                    && Arrays.stream(rule.split("\\s+"))
                            .anyMatch(token -> token.toLowerCase(Locale.ROOT).equals("trust"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Upgrades a running trust-mode cluster: sets the password, replaces {@code pg_hba.conf} and
     * reloads it, and returns once a connection without the password is refused.
     */
    static void requireOnServer(DataSource superuser, Path dataDir, int port, String password) throws IOException {
        try (Connection connection = superuser.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                // belt and braces: the statement carries only a SCRAM verifier, but keep even that out of both
                statement.execute("set pg_stat_statements.track_utility = off");
                statement.execute("set log_statement = 'none'");
            }
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), METHOD);
            writeOwnerOnly(dataDir.resolve("pg_hba.conf"), HBA);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IOException("Could not set the embedded PostgreSQL's password", e);
        }
        awaitRefusedWithoutPassword(port);
    }

    /** The reload is asynchronous (SIGHUP to the postmaster): wait until new connections see the new rules. */
    private static void awaitRefusedWithoutPassword(int port) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (acceptsWithoutPassword(port)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("The embedded PostgreSQL still accepts connections without a password"
                        + " 10 s after pg_hba.conf was rewritten and reloaded");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for pg_hba.conf to take effect", e);
            }
        }
    }

    /**
     * Whether a connection as the superuser with no password gets in (any refusal counts as no). The
     * empty password, rather than none, keeps the driver from looking one up in a {@code PGPASSFILE}.
     */
    static boolean acceptsWithoutPassword(int port) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser(SUPERUSER);
        dataSource.setPassword("");
        try (Connection ignored = dataSource.getConnection()) {
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(
                file.toAbsolutePath().getParent(),
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
