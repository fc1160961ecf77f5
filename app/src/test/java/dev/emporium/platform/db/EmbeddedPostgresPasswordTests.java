package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL never lets anyone in without its generated password: not on a new
 * directory, not after a restart, and not on a directory an earlier version created with trust.
 */
class EmbeddedPostgresPasswordTests {

    @TempDir
    Path workDir;

    Path dataDir;
    Path passwordFile;

    @BeforeEach
    void paths() {
        dataDir = workDir.resolve("postgres");
        passwordFile = workDir.resolve("postgres.pgpass");
    }

    @Test
    void aNewDirectoryRefusesConnectionsWithoutOrWithAWrongPasswordAndAcceptsTheGeneratedOne() throws Exception {
        try (EmbeddedPostgresLauncher.Server server = durable(new ArrayList<>())) {
            int port = server.postgres().getPort();
            assertThat(server.passwordFile()).isEqualTo(passwordFile.toAbsolutePath());
            assertRefusedWithoutPassword(port);
            assertThatThrownBy(() -> connect(port, "not-the-password"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = connect(port, EmbeddedPostgresPassword.read(passwordFile, notice -> {}));
                    Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user")).isEqualTo("postgres");
                assertOnlyPasswordRules(s);
            }
        }
    }

    @Test
    void thePasswordFileIsOwnerOnlyAndInLibpqFormat() throws Exception {
        try (EmbeddedPostgresLauncher.Server server = durable(new ArrayList<>())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(Files.readAllLines(passwordFile))
                    .containsExactly(
                            "localhost:*:*:postgres:" + server.password(),
                            "127.0.0.1:*:*:postgres:" + server.password());
            assertThat(server.password()).hasSize(43); // 256 random bits, URL-safe Base64
            assertThat(server.toString()).doesNotContain(server.password());
        }
    }

    @Test
    void aRestartWithTheExistingDirectoryUsesTheStoredPassword() throws Exception {
        String first;
        try (EmbeddedPostgresLauncher.Server server = durable(new ArrayList<>());
                Connection c = server.postgres().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            first = server.password();
            s.execute("create table kept (id int)");
        }
        List<String> notices = new ArrayList<>();
        try (EmbeddedPostgresLauncher.Server server = durable(notices);
                Connection c = connect(server.postgres().getPort(), first);
                Statement s = c.createStatement()) {
            assertThat(server.password()).isEqualTo(first);
            assertThat(single(s, "select count(*) from kept")).isEqualTo("0");
            assertRefusedWithoutPassword(server.postgres().getPort());
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void aTrustDirectoryFromAnEarlierVersionIsUpgradedOnItsNextStart() throws Exception {
        createTrustDirectoryWithARow();
        assertThat(passwordFile).doesNotExist();

        List<String> notices = new ArrayList<>();
        try (EmbeddedPostgresLauncher.Server server = durable(notices);
                Connection c = connect(server.postgres().getPort(), server.password());
                Statement s = c.createStatement()) {
            assertThat(notices).anyMatch(n -> n.contains("without a password") && n.contains(passwordFile.toString()));
            assertThat(notices).noneMatch(n -> n.contains(server.password()));
            assertRefusedWithoutPassword(server.postgres().getPort());
            assertThat(single(s, "select count(*) from old_rows")).isEqualTo("1");
            assertOnlyPasswordRules(s);
            assertThat(single(
                            s,
                            "select count(*) from pg_stat_statements where query like '%" + server.password() + "%'"))
                    .as("the password never reaches the server as text")
                    .isEqualTo("0");
            assertThat(EmbeddedPostgresPassword.read(passwordFile, notice -> {}))
                    .isEqualTo(server.password());
        }
        List<String> later = new ArrayList<>();
        try (EmbeddedPostgresLauncher.Server server = durable(later)) {
            assertRefusedWithoutPassword(server.postgres().getPort());
        }
        assertThat(later).as("the upgrade happens once").isEmpty();
    }

    @Test
    void anUpgradeInterruptedAfterWritingThePasswordFileCompletesWithThatPassword() throws Exception {
        createTrustDirectoryWithARow();
        EmbeddedPostgresPassword.write(passwordFile, "written-before-the-crash");

        try (EmbeddedPostgresLauncher.Server server = durable(new ArrayList<>());
                Connection c = connect(server.postgres().getPort(), "written-before-the-crash")) {
            assertThat(server.password()).isEqualTo("written-before-the-crash");
            assertRefusedWithoutPassword(server.postgres().getPort());
        }
    }

    @Test
    void aProtectedDirectoryWhosePasswordFileIsMissingIsRefusedWithAWayOutThatWorks() throws Exception {
        durable(new ArrayList<>()).close();
        Files.delete(passwordFile);

        assertThatThrownBy(() -> durable(new ArrayList<>()))
                .rootCause()
                .hasMessageContaining("password file " + passwordFile.toAbsolutePath() + " is missing")
                .hasMessageContaining("pg_hba.conf");

        Path hba = dataDir.resolve("pg_hba.conf");
        Files.writeString(hba, Files.readString(hba).replace("scram-sha-256", "trust"));
        try (EmbeddedPostgresLauncher.Server server = durable(new ArrayList<>());
                Connection c = connect(server.postgres().getPort(), server.password())) {
            assertThat(passwordFile).exists();
            assertRefusedWithoutPassword(server.postgres().getPort());
        }
    }

    @Test
    void aPasswordFileOpenedToOthersIsRestrictedAgain() throws Exception {
        durable(new ArrayList<>()).close();
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> notices = new ArrayList<>();
        durable(notices).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        assertThat(notices).anyMatch(n -> n.contains("readable by others"));
    }

    @Test
    void anEphemeralServerRequiresAPasswordToo() throws Exception {
        try (EmbeddedPostgresLauncher.Server server =
                        EmbeddedPostgresLauncher.start(EmbeddedPostgresLauncher.EPHEMERAL, dataDir, 0, notice -> {});
                Connection c = connect(server.postgres().getPort(), server.password());
                Statement s = c.createStatement()) {
            assertThat(server.passwordFile()).isNull();
            assertRefusedWithoutPassword(server.postgres().getPort());
            assertOnlyPasswordRules(s);
        }
    }

    private EmbeddedPostgresLauncher.Server durable(List<String> notices) {
        return EmbeddedPostgresLauncher.start(EmbeddedPostgresLauncher.DURABLE, dataDir, 0, notices::add);
    }

    /** What versions before password authentication did: zonky's own initdb, {@code -A trust}. */
    private void createTrustDirectoryWithARow() throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .start();
                Connection c = connect(old.getPort(), null);
                Statement s = c.createStatement()) {
            s.execute("create table old_rows (id int)");
            s.execute("insert into old_rows values (1)");
        }
    }

    static void assertRefusedWithoutPassword(int port) {
        assertThatThrownBy(() -> connect(port, null))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no password was provided");
        assertThatThrownBy(() -> connect(port, "")).isInstanceOf(SQLException.class);
    }

    /** Every rule in the loaded pg_hba.conf asks for the password, the local socket's included. */
    private static void assertOnlyPasswordRules(Statement s) throws SQLException {
        assertThat(single(s, "select string_agg(distinct type || ' ' || auth_method, ', ') from pg_hba_file_rules"))
                .isEqualTo("host scram-sha-256, local scram-sha-256");
        assertThat(single(s, "select count(*) from pg_hba_file_rules where error is not null"))
                .isEqualTo("0");
    }

    static Connection connect(int port, @Nullable String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", properties);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
