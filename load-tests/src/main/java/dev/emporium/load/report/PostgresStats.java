package dev.emporium.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's own account of the run: the difference between {@code pg_stat_user_tables},
 * {@code pg_stat_user_indexes} and (when loaded) {@code pg_stat_statements} read before and after it.
 * Files are the CSV that {@code psql --csv} wrote; a missing statements file means the extension was not
 * available, and {@code statementsNote} says why.
 */
public record PostgresStats(
        List<TableActivity> tables,
        List<IndexActivity> indexes,
        Optional<List<StatementActivity>> statements,
        String statementsNote) {

    public record TableActivity(String table, long seqScans, long seqRowsRead, long indexScans, long liveRows) {}

    public record IndexActivity(String table, String index, long scans) {}

    public record StatementActivity(String query, long calls, double totalMillis, long rows) {

        public double meanMillis() {
            return calls == 0 ? 0 : totalMillis / calls;
        }
    }

    public static PostgresStats read(Path dir) throws IOException {
        List<TableActivity> tables =
                tables(Csv.read(dir.resolve("pg_tables_before.csv")), Csv.read(dir.resolve("pg_tables_after.csv")));
        List<IndexActivity> indexes =
                indexes(Csv.read(dir.resolve("pg_indexes_before.csv")), Csv.read(dir.resolve("pg_indexes_after.csv")));
        Path after = dir.resolve("pg_statements_after.csv");
        if (!Files.exists(after)) {
            Path note = dir.resolve("pg_statements.note");
            return new PostgresStats(
                    tables,
                    indexes,
                    Optional.empty(),
                    Files.exists(note) ? Files.readString(note).strip() : "pg_stat_statements was not read");
        }
        List<StatementActivity> statements =
                statements(Csv.read(dir.resolve("pg_statements_before.csv")), Csv.read(after));
        return new PostgresStats(tables, indexes, Optional.of(statements), "");
    }

    static List<TableActivity> tables(List<Map<String, String>> before, List<Map<String, String>> after) {
        Map<String, Map<String, String>> previous = index(before, "relname");
        List<TableActivity> result = new ArrayList<>();
        for (Map<String, String> row : after) {
            Map<String, String> was = previous.getOrDefault(row.get("relname"), Map.of());
            result.add(new TableActivity(
                    text(row, "relname"),
                    diff(row, was, "seq_scan"),
                    diff(row, was, "seq_tup_read"),
                    diff(row, was, "idx_scan"),
                    number(row.get("n_live_tup"))));
        }
        result.sort(Comparator.comparingLong(TableActivity::liveRows).reversed());
        return result;
    }

    static List<IndexActivity> indexes(List<Map<String, String>> before, List<Map<String, String>> after) {
        Map<String, Map<String, String>> previous = index(before, "indexrelname");
        List<IndexActivity> result = new ArrayList<>();
        for (Map<String, String> row : after) {
            Map<String, String> was = previous.getOrDefault(row.get("indexrelname"), Map.of());
            result.add(new IndexActivity(text(row, "relname"), text(row, "indexrelname"), diff(row, was, "idx_scan")));
        }
        result.sort(Comparator.comparingLong(IndexActivity::scans).reversed().thenComparing(IndexActivity::index));
        return result;
    }

    static List<StatementActivity> statements(List<Map<String, String>> before, List<Map<String, String>> after) {
        Map<String, Map<String, String>> previous = index(before, "queryid");
        List<StatementActivity> result = new ArrayList<>();
        for (Map<String, String> row : after) {
            Map<String, String> was = previous.getOrDefault(row.get("queryid"), Map.of());
            long calls = diff(row, was, "calls");
            if (calls > 0) {
                double total = decimal(row.get("total_exec_time")) - decimal(was.get("total_exec_time"));
                result.add(new StatementActivity(text(row, "query"), calls, total, diff(row, was, "rows")));
            }
        }
        result.sort(Comparator.comparingDouble(StatementActivity::totalMillis).reversed());
        return result;
    }

    private static Map<String, Map<String, String>> index(List<Map<String, String>> rows, String key) {
        Map<String, Map<String, String>> byKey = new HashMap<>();
        rows.forEach(row -> byKey.put(row.get(key), row));
        return byKey;
    }

    private static long diff(Map<String, String> now, Map<String, String> was, String column) {
        return number(now.get(column)) - number(was.get(column));
    }

    /** A text column, empty when the export lacks it (a sort on a null name would fail the whole report). */
    private static String text(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null ? "" : value;
    }

    private static long number(@Nullable String value) {
        return value == null || value.isBlank() ? 0 : Long.parseLong(value.strip());
    }

    private static double decimal(@Nullable String value) {
        return value == null || value.isBlank() ? 0 : Double.parseDouble(value.strip());
    }
}
