package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default database must keep users' data: across restarts, and with the durability settings on. */
class EmbeddedPostgresLauncherTests {

    @TempDir
    Path workDir;

    Path dataDir;

    @BeforeEach
    void dataDirectoryWithRoomForItsPasswordFileBesideIt() {
        dataDir = workDir.resolve("postgres");
    }

    @Test
    void durableModeKeepsCommittedRowsAcrossRestartsWithFsyncOn() throws Exception {
        try (EmbeddedPostgresLauncher.Server first =
                        EmbeddedPostgresLauncher.start(EmbeddedPostgresLauncher.DURABLE, dataDir, 0, notice -> {});
                Connection c = first.postgres().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table kept (id int primary key)");
            s.execute("insert into kept values (1), (2), (3)");
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(s, "full_page_writes")).isEqualTo("on");
        }
        try (EmbeddedPostgresLauncher.Server second =
                        EmbeddedPostgresLauncher.start(EmbeddedPostgresLauncher.DURABLE, dataDir, 0, notice -> {});
                Connection c = second.postgres().getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select count(*) from kept")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void unknownModeIsRefused() {
        assertThatThrownBy(() -> EmbeddedPostgresLauncher.start("fast", dataDir, 0, notice -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("durable or ephemeral");
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
