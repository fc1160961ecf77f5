package dev.emporium.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link OrphanedPostgresTests}: starts the durable embedded database on the
 * given directory, commits a row, says READY and waits to be killed.
 */
public final class OrphanMaker {

    private OrphanMaker() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(
                        EmbeddedPostgresLauncher.DURABLE, Path.of(args[0]), 0, notice -> {})
                .postgres();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table if not exists survivors (id int primary key)");
            s.execute("insert into survivors values (" + args[1] + ")");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // the test only needs the directory released on SIGTERM
            }
        }));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
