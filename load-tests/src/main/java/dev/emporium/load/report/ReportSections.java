package dev.emporium.load.report;

import dev.emporium.load.report.Section.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Turns a {@link Report} into the sections both renderers draw, in reading order. */
public final class ReportSections {

    private ReportSections() {}

    public static List<Section> of(Report report) {
        String conditions = "Conditions: " + report.conditions().summary();
        List<Section> sections = new ArrayList<>();
        sections.add(readiness(report, conditions));
        sections.add(workload(report, conditions));
        sections.add(charts(report, conditions));
        sections.add(capacity(report, conditions));
        sections.add(server(report, conditions));
        sections.add(postgres(report, conditions));
        sections.add(redis(report, conditions));
        sections.add(errors(report));
        sections.add(conditionsTable(report));
        return sections;
    }

    private static Section readiness(Report report, String conditions) {
        List<List<String>> rows = report.readiness().stream()
                .map(c -> List.of(
                        c.name(), c.bound(), c.measured(), c.verdict().name().replace('_', ' ')))
                .toList();
        long failed = report.readiness().stream()
                .filter(c -> c.verdict() == Readiness.Verdict.FAIL)
                .count();
        long unmeasured = report.readiness().stream()
                .filter(c -> c.verdict() == Readiness.Verdict.NOT_MEASURED)
                .count();
        String verdict = "%d of %d criteria pass, %d fail, %d not measured."
                .formatted(
                        report.readiness().size() - failed - unmeasured,
                        report.readiness().size(),
                        failed,
                        unmeasured);
        return Section.of(
                "Production readiness",
                List.of(verdict, conditions),
                new Table(List.of("Criterion", "Bound", "Measured", "Verdict"), rows));
    }

    private static Section workload(Report report, String conditions) {
        List<List<String>> rows = new ArrayList<>();
        report.endpoints().forEach((name, summary) -> rows.add(latencyRow(name, summary)));
        rows.add(latencyRow("All requests", report.overall()));
        String overall =
                "%d requests in %s s: %s req/s, %s errors; p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (client-side, Gatling)."
                        .formatted(
                                report.overall().count(),
                                one(report.workload().durationSeconds()),
                                one(report.overall().throughput()),
                                Readiness.percent(report.overall().errorRate()),
                                report.overall().p50(),
                                report.overall().p95(),
                                report.overall().p99(),
                                report.overall().max());
        return Section.of(
                "Standard mixed workload, per endpoint",
                List.of(overall, conditions),
                new Table(
                        List.of(
                                "Endpoint",
                                "Requests",
                                "req/s",
                                "Errors",
                                "p50 ms",
                                "p95 ms",
                                "p99 ms",
                                "max ms",
                                "mean ms"),
                        rows));
    }

    private static List<String> latencyRow(String name, LatencySummary s) {
        return List.of(
                name,
                String.valueOf(s.count()),
                one(s.throughput()),
                s.failures() + " (" + Readiness.percent(s.errorRate()) + ")",
                String.valueOf(s.p50()),
                String.valueOf(s.p95()),
                String.valueOf(s.p99()),
                String.valueOf(s.max()),
                one(s.mean()));
    }

    private static Section charts(Report report, String conditions) {
        List<TimeSeries.Bucket> buckets = report.timeSeries().buckets();
        double width = report.timeSeries().bucketMillis() / 1000.0;
        List<double[]> p50 = new ArrayList<>(), p95 = new ArrayList<>(), p99 = new ArrayList<>();
        List<double[]> ok = new ArrayList<>(), ko = new ArrayList<>();
        for (TimeSeries.Bucket bucket : buckets) {
            LatencySummary s = bucket.summary();
            if (s.count() > 0) {
                p50.add(new double[] {bucket.second(), s.p50()});
                p95.add(new double[] {bucket.second(), s.p95()});
                p99.add(new double[] {bucket.second(), s.p99()});
            }
            ok.add(new double[] {bucket.second(), (s.count() - s.failures()) / width});
            ko.add(new double[] {bucket.second(), s.failures() / width});
        }
        String latency = SvgChart.render(
                "Latency over time (all requests, per " + one(width) + " s)",
                "ms",
                List.of(
                        new SvgChart.Series("p50", "#2b7bb9", p50),
                        new SvgChart.Series("p95", "#e69f00", p95),
                        new SvgChart.Series("p99", "#c0392b", p99)));
        String throughput = SvgChart.render(
                "Throughput over time (responses started per second)",
                "req/s",
                List.of(new SvgChart.Series("OK", "#2e8b57", ok), new SvgChart.Series("errors", "#c0392b", ko)));
        return new Section(
                "Latency and throughput over time",
                List.of(
                        "x = seconds since the run started (ramp-up included); open model: arrivals do not wait for responses.",
                        conditions),
                List.of(),
                List.of(latency, throughput));
    }

    private static Section capacity(Report report, String conditions) {
        if (report.capacity().isEmpty()) {
            return Section.of("Capacity", List.of("Not measured in this run (report.sh --capacity-steps 0)."));
        }
        CapacitySearch search = report.capacitySearch().orElseThrow();
        CapacitySearch.Result result = report.capacity().orElseThrow();
        List<List<String>> rows = result.levels().stream()
                .map(level -> List.of(
                        one(level.rate()),
                        one(level.summary().throughput()),
                        String.valueOf(level.summary().p99()),
                        Readiness.percent(level.summary().errorRate()),
                        level.held() ? "held" : "did not hold"))
                .toList();
        boolean everyLevelHeld = result.levels().stream().allMatch(CapacitySearch.Level::held);
        String reach = everyLevelHeld
                ? "every level held, so this is a lower bound: the capacity is at least this; raise --capacity-steps or --capacity-step to find the limit."
                : "the last level that held before the first that did not.";
        String verdict = result.capacity()
                .map(level -> "Capacity: %s%s journeys/s (%s req/s) with p99 %d ms ≤ %d ms and errors ≤ %s — %s"
                        .formatted(
                                everyLevelHeld ? "≥ " : "",
                                one(level.rate()),
                                one(level.summary().throughput()),
                                level.summary().p99(),
                                search.p99BoundMillis(),
                                Readiness.percent(search.maxErrorRate()),
                                reach))
                .orElse("Capacity: below %s journeys/s — the first level already missed p99 ≤ %d ms or the error bound."
                        .formatted(one(search.startRate()), search.p99BoundMillis()));
        String method =
                "Arrival rate stepped from %s by %s journeys/s every %d s, %d levels (CapacitySearchSimulation)."
                        .formatted(
                                one(search.startRate()),
                                one(search.stepRate()),
                                search.levelMillis() / 1000,
                                search.levels());
        return Section.of(
                "Capacity",
                List.of(verdict, method, conditions),
                new Table(List.of("Arrival rate (journeys/s)", "req/s", "p99 ms", "Errors", "Result"), rows));
    }

    private static Section server(Report report, String conditions) {
        ServerMetrics m = report.server();
        List<String> notes = new ArrayList<>();
        Table caches;
        if (m.caches().isEmpty()) {
            notes.add("Cache hit ratio: not measured (the server exports no cache hit/miss counters).");
            caches = new Table(List.of("Cache", "Tier", "Hits", "Misses", "Hit ratio"), List.of());
        } else {
            OptionalDouble overall = Readiness.overallCacheHitRatio(m.caches());
            notes.add("Cache lookups answered without the database: "
                    + (overall.isPresent() ? Readiness.percent(overall.getAsDouble()) : "n/a") + ".");
            caches = new Table(
                    List.of("Cache", "Tier", "Hits", "Misses", "Hit ratio"),
                    m.caches().stream()
                            .map(c -> List.of(
                                    c.cache(),
                                    c.tier().isEmpty() ? "-" : c.tier(),
                                    zero(c.hits()),
                                    zero(c.misses()),
                                    Readiness.percent(c.ratio())))
                            .toList());
        }
        notes.add(conditions);
        double cpu = m.cpuSeconds().orElse(0);
        List<List<String>> rows = List.of(
                List.of(
                        "HikariCP connections",
                        "max active %s of %s, max pending %s, timeouts %s"
                                .formatted(
                                        opt(m.maxActiveConnections()),
                                        opt(m.poolSize()),
                                        opt(m.maxPendingConnections()),
                                        opt(m.connectionTimeouts()))),
                List.of("JVM heap used (max seen)", mib(m.maxHeapUsedBytes()) + " of " + mib(m.heapMaxBytes())),
                List.of("Process RSS (max seen)", mib(m.maxRssBytes())),
                List.of(
                        "GC pauses during the run",
                        "%s pauses, %s s total, longest %s s"
                                .formatted(opt(m.gcPauses()), three(m.gcPauseSeconds()), three(m.maxGcPauseSeconds()))),
                List.of(
                        "Server CPU time during the run",
                        m.cpuSeconds().isPresent() ? one(cpu) + " s" : "not measured"),
                List.of(
                        "Requests per server CPU-second",
                        cpu > 0 && m.serverRequests().isPresent()
                                ? one(m.serverRequests().getAsDouble() / cpu)
                                : "not measured"),
                List.of(
                        "Requests seen by the server (excl. actuator)",
                        opt(m.serverRequests()) + ", of which 5xx: " + opt(m.serverErrors())),
                List.of(
                        "SQL statements on the request path",
                        "%s, %s ms mean, %s per request, %s slow"
                                .formatted(
                                        opt(m.dbStatements()),
                                        m.dbStatements().orElse(0) > 0
                                                ? one(m.dbStatementSeconds().orElse(0)
                                                        * 1000
                                                        / m.dbStatements().getAsDouble())
                                                : "-",
                                        m.statementsPerRequest().isPresent()
                                                ? one(m.statementsPerRequest().getAsDouble())
                                                : "-",
                                        opt(m.slowStatements()))));
        return new Section(
                "Server side (scraped from /actuator/prometheus and /proc)",
                notes,
                m.caches().isEmpty()
                        ? List.of(new Table(List.of("Measure", "Value"), rows))
                        : List.of(caches, new Table(List.of("Measure", "Value"), rows)),
                List.of());
    }

    private static Section postgres(Report report, String conditions) {
        PostgresStats pg = report.postgres();
        List<String> notes = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        if (pg.statements().isPresent()) {
            notes.add("Top statements by total execution time during the run (pg_stat_statements).");
            tables.add(new Table(
                    List.of("Statement", "Calls", "Total ms", "Mean ms", "Rows"),
                    pg.statements().get().stream()
                            .limit(10)
                            .map(s -> List.of(
                                    shorten(s.query()),
                                    String.valueOf(s.calls()),
                                    one(s.totalMillis()),
                                    three(s.meanMillis()),
                                    String.valueOf(s.rows())))
                            .toList()));
        } else {
            notes.add("Top statements: not available — " + pg.statementsNote() + ".");
        }
        notes.add(
                "Sequential vs index scans per table during the run (pg_stat_user_tables), largest tables first; then index use (pg_stat_user_indexes).");
        notes.add(conditions);
        tables.add(new Table(
                List.of("Table", "Live rows (estimate)", "Seq scans", "Rows read by seq scans", "Index scans"),
                pg.tables().stream()
                        .map(t -> List.of(
                                t.table(),
                                String.valueOf(t.liveRows()),
                                String.valueOf(t.seqScans()),
                                String.valueOf(t.seqRowsRead()),
                                String.valueOf(t.indexScans())))
                        .toList()));
        tables.add(new Table(
                List.of("Index", "Table", "Scans during the run"),
                pg.indexes().stream()
                        .map(i -> List.of(i.index(), i.table(), String.valueOf(i.scans())))
                        .toList()));
        return new Section("PostgreSQL", notes, tables, List.of());
    }

    private static Section redis(Report report, String conditions) {
        if (report.redis().isEmpty()) {
            return Section.of(
                    "Redis",
                    List.of(
                            "Not measured: the server ran without Redis (REDIS_URL not set), so no L2 cache was in play."));
        }
        RedisStats r = report.redis().get();
        return Section.of(
                "Redis",
                List.of("INFO before and after the run.", conditions),
                new Table(
                        List.of("Keyspace hits", "Keyspace misses", "Hit ratio", "Commands", "Used memory", "Clients"),
                        List.of(List.of(
                                String.valueOf(r.hits()),
                                String.valueOf(r.misses()),
                                Readiness.percent(r.hitRatio()),
                                String.valueOf(r.commands()),
                                r.usedMemoryHuman(),
                                String.valueOf(r.connectedClients())))));
    }

    private static Section errors(Report report) {
        if (report.errors().isEmpty()) {
            return Section.of("Errors", List.of("None: every request passed its status and body checks."));
        }
        List<List<String>> rows = report.errors().entrySet().stream()
                .limit(15)
                .map(e -> List.of(shorten(e.getKey()), String.valueOf(e.getValue())))
                .toList();
        return Section.of(
                "Errors",
                List.of("Most frequent failures (request: failed check or cause)."),
                new Table(List.of("Failure", "Count"), rows));
    }

    private static Section conditionsTable(Report report) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, String> entry : report.conditions().values().entrySet()) {
            rows.add(List.of(entry.getKey(), entry.getValue()));
        }
        rows.add(List.of("gatling.version", report.workload().gatlingVersion()));
        rows.add(List.of("gatling.simulation", report.workload().simulationClass()));
        return Section.of(
                "Conditions",
                List.of("Everything above was measured under these conditions, in one run of the command below."),
                new Table(List.of("Condition", "Value"), rows));
    }

    static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }

    private static String one(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String three(OptionalDouble value) {
        return value.isPresent() ? three(value.getAsDouble()) : "n/a";
    }

    private static String three(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String zero(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private static String opt(OptionalDouble value) {
        return value.isPresent() ? zero(value.getAsDouble()) : "n/a";
    }

    private static String mib(OptionalDouble bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", bytes.getAsDouble() / (1024 * 1024)) : "n/a";
    }
}
