package dev.emporium.support;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Index discipline: runs EXPLAIN on a query shape with real parameters and fails when the plan
 * reads a large table by sequential scan.
 *
 * <p>It only means something at a realistic row count: on a table of a few hundred rows the planner
 * rightly prefers a sequential scan, which is exactly how benchmarks on toy data fool people. So
 * "large" is decided from the table's statistics ({@code pg_class.reltuples} after ANALYZE), and a
 * guard over tables that are all small refuses to pass silently. Materialized views count as tables:
 * a read of a large view needs its index as much as a read of a table does.
 */
public final class ExplainGuard {

    /** Tables with at least this many rows must never be read by a sequential scan on a request path. */
    public static final long LARGE_TABLE_ROWS = 20_000;

    private static final String LARGE_TABLES = """
            select c.relname
              from pg_class c
             where c.relkind in ('r', 'm')
               and c.relnamespace = current_schema()::regnamespace
               and c.reltuples >= :rows
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Set<String> largeTables;

    public ExplainGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.largeTables = Set.copyOf(jdbc.sql(LARGE_TABLES)
                .param("rows", LARGE_TABLE_ROWS)
                .query(String.class)
                .list());
    }

    /** Fails unless {@code table} is large enough for the guard to mean something. */
    public ExplainGuard requireLarge(String table) {
        if (!largeTables.contains(table)) {
            fail("Table " + table + " has fewer than " + LARGE_TABLE_ROWS
                    + " rows; the EXPLAIN guard would prove nothing");
        }
        return this;
    }

    /** Asserts that the plan of {@code sql} reads no large table sequentially; returns the plan's node types. */
    public List<String> assertNoSequentialScan(String sql, Map<String, ?> params) {
        String planJson = jdbc.sql("explain (format json) " + sql)
                .params(params)
                .query(String.class)
                .single();
        JsonNode plan = json.readTree(planJson).get(0).get("Plan");
        List<String> nodes = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        walk(plan, nodes, offenders);
        if (!offenders.isEmpty()) {
            fail("Sequential scan on large table(s) " + offenders + " for:\n" + sql + "\nparams " + params + "\nplan "
                    + nodes);
        }
        return nodes;
    }

    private void walk(JsonNode node, List<String> nodes, List<String> offenders) {
        String type = node.get("Node Type").asString();
        JsonNode relation = node.get("Relation Name");
        nodes.add(relation == null ? type : type + "(" + relation.asString() + ")");
        if (type.equals("Seq Scan") && relation != null && largeTables.contains(relation.asString())) {
            offenders.add(relation.asString());
        }
        JsonNode children = node.get("Plans");
        if (children != null) {
            children.forEach(child -> walk(child, nodes, offenders));
        }
    }

    public static String describe(List<String> nodes) {
        return nodes.stream().collect(Collectors.joining(" > "));
    }
}
