package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL leaves its embedded PostgreSQL running. The next start must take the
 * directory over with every committed row, but never take a database away from a live instance.
 */
class OrphanedPostgresTests {

    @TempDir
    Path workDir;

    Path dataDir;

    @BeforeEach
    void dataDirectoryWithRoomForItsPasswordFileBesideIt() {
        dataDir = workDir.resolve("postgres");
    }

    @Test
    void nextStartAfterAKilledJvmStopsTheOrphanAndKeepsCommittedRows() throws Exception {
        Process owner = startOwner(1);
        owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(OrphanedPostgres.runningServer(dataDir))
                .as("the orphan outlives its JVM")
                .isPresent();

        List<String> notices = new ArrayList<>();
        try (EmbeddedPostgresLauncher.Server server =
                        EmbeddedPostgresLauncher.start(EmbeddedPostgresLauncher.DURABLE, dataDir, 0, notices::add);
                Connection c = server.postgres().getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select count(*) from survivors where id = 1")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        assertThat(notices).anyMatch(n -> n.contains("left running"));
    }

    @Test
    void aDirectoryInUseByALiveInstanceIsNotTakenOver() throws Exception {
        Process owner = startOwner(2);
        try {
            assertThatThrownBy(() ->
                            EmbeddedPostgresLauncher.start(EmbeddedPostgresLauncher.DURABLE, dataDir, 0, notice -> {}))
                    .rootCause()
                    .hasMessageContaining("in use by PostgreSQL")
                    .hasMessageContaining("another running instance");
            assertThat(OrphanedPostgres.runningServer(dataDir))
                    .as("the live instance's server is untouched")
                    .isPresent();
        } finally {
            owner.destroy();
            owner.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process startOwner(int id) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrphanMaker.class.getName(),
                        dataDir.toString(),
                        String.valueOf(id))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            // zonky's start-up chatter
        }
        assertThat(line).as("the child JVM started its database").isEqualTo("READY");
        return process;
    }
}
