package dev.emporium.platform.db;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Loads rows with PostgreSQL's {@code COPY ... FROM STDIN} (text format), the fastest way in.
 *
 * <p>For large loads the table's secondary indexes are dropped first and rebuilt afterwards from
 * their own definitions ({@code pg_indexes}): one sorted build per index is several times cheaper
 * than maintaining every index row by row. Indexes that back constraints (primary key, unique) stay.
 * Progress is logged every tenth of the load with the rate so far. The load ends with
 * {@code VACUUM (ANALYZE)}: fresh statistics for the planner, and a visibility map that lets
 * index-only scans skip the heap from the first request on.
 */
@NamedInterface("db")
@Component
public class BulkCopy {

    private static final Logger log = LoggerFactory.getLogger(BulkCopy.class);

    private static final String DROPPABLE_INDEXES = """
            select i.indexname, i.indexdef as definition
              from pg_indexes i
             where i.tablename = :table
               and i.schemaname = current_schema()
               and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
            """;

    /** Writes one row's columns; values must not contain tabs, newlines or backslashes. */
    @FunctionalInterface
    public interface RowWriter {
        void write(long index, Row row);
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    BulkCopy(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** Copies {@code rows} rows produced by {@code writer} into {@code table}; returns the rows written. */
    public long copy(String table, List<String> columns, long rows, boolean rebuildIndexes, RowWriter writer) {
        List<IndexDefinition> deferred = rebuildIndexes ? dropSecondaryIndexes(table) : List.of();
        long started = System.nanoTime();
        String sql = "copy " + table + " (" + String.join(", ", columns) + ") from stdin";
        try (Connection connection = dataSource.getConnection();
                Unlimited unlimited = new Unlimited(connection);
                Writer out = new BufferedWriter(
                        new OutputStreamWriter(
                                new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 20),
                                StandardCharsets.UTF_8),
                        1 << 20)) {
            Row row = new Row(out);
            long step = Math.max(1, rows / 10);
            for (long i = 0; i < rows; i++) {
                writer.write(i, row);
                row.end();
                if ((i + 1) % step == 0 && rows >= 50_000) {
                    logProgress(table, i + 1, rows, started);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("COPY into " + table + " failed", e);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed", e);
        }
        try (Connection connection = dataSource.getConnection();
                Unlimited unlimited = new Unlimited(connection);
                Statement statement = connection.createStatement()) {
            if (!deferred.isEmpty()) {
                long indexStart = System.nanoTime();
                for (IndexDefinition index : deferred) {
                    statement.execute(index.definition());
                }
                log.info("{}: rebuilt {} indexes in {} s", table, deferred.size(), seconds(indexStart));
            }
            statement.execute("vacuum (analyze) " + table);
        } catch (SQLException e) {
            throw new IllegalStateException("Index rebuild or VACUUM of " + table + " failed", e);
        }
        return rows;
    }

    /**
     * Bulk work runs for longer than the request path's {@code statement_timeout} and the driver's
     * socket timeout allow (ending a COPY of millions of rows runs every row's foreign-key check,
     * minutes without a byte on the socket); the connection goes back to the pool with both reset.
     */
    private static final class Unlimited implements AutoCloseable {

        private final Connection connection;
        private final int networkTimeout;

        Unlimited(Connection connection) {
            this.connection = connection;
            try (Statement statement = connection.createStatement()) {
                this.networkTimeout = connection.getNetworkTimeout();
                connection.setNetworkTimeout(Runnable::run, 0);
                statement.execute("set statement_timeout = 0");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("reset statement_timeout");
            }
            connection.setNetworkTimeout(Runnable::run, networkTimeout);
        }
    }

    @SuppressWarnings("NullAway") // query(Class) is typed for nullable single-column rows; a record row is never null
    private List<IndexDefinition> dropSecondaryIndexes(String table) {
        List<IndexDefinition> indexes = jdbc.sql(DROPPABLE_INDEXES)
                .param("table", table)
                .query(IndexDefinition.class)
                .list();
        indexes.forEach(index -> jdbc.sql("drop index " + index.indexname()).update());
        return indexes;
    }

    private static void logProgress(String table, long done, long total, long started) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        log.info(
                "{}: {}% ({} / {} rows, {} rows/s)",
                table, done * 100 / total, done, total, Math.round(done / Math.max(elapsed, 1e-3)));
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f", (System.nanoTime() - startedNanos) / 1e9);
    }

    private record IndexDefinition(String indexname, String definition) {}

    /** One row under construction in COPY text format. */
    public static final class Row {
        private final Writer out;
        private boolean first = true;

        Row(Writer out) {
            this.out = out;
        }

        /** Adds one column; null is written as SQL NULL. */
        public Row add(@Nullable Object value) {
            try {
                if (!first) {
                    out.write('\t');
                }
                first = false;
                out.write(value == null ? "\\N" : value.toString());
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void end() throws IOException {
            out.write('\n');
            first = true;
        }
    }
}
