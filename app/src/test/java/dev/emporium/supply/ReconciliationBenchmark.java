package dev.emporium.supply;

import dev.emporium.seed.DataGenerator;
import dev.emporium.seed.SupplyGenerator;
import dev.emporium.support.IntegrationTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Benchmark, not a test (the name keeps it out of {@code verify}): the one-statement reconciliation
 * side by side with the naive approach of the system it replaces, in the same run, on the same
 * connection, alternating, at the scale-1 supply shape (5,000 suppliers, 200,000 deliveries, their
 * monthly payouts; {@link SupplyQueryPlanTests#ensureScaleOneSupply}).
 *
 * <ul>
 *   <li><b>one statement</b>: {@link ReconciliationRepository#RECONCILE}, every page of 500 until the
 *       last; only suppliers over the threshold cross the wire.</li>
 *   <li><b>naive</b>: two full aggregates (delivered per supplier, paid per supplier) pulled into the
 *       application, joined, filtered and sorted there — what the replaced packhouse API did.</li>
 * </ul>
 * Per approach it prints the median and p90 wall time, the rows the application received, the
 * application thread's CPU time, and the PostgreSQL backend's CPU time (from {@code /proc}; the
 * embedded server runs on this machine), the last two being robust to a busy machine.
 *
 * <p>Run: {@code scripts/bench-reconciliation.sh} (or {@code ./mvnw -pl app test
 * -Dtest=ReconciliationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; output in
 * {@code app/target/surefire-reports/dev.emporium.supply.ReconciliationBenchmark-output.txt}).
 */
@IntegrationTest
class ReconciliationBenchmark {

    static final String NAIVE_DELIVERED = """
            select supplier_id, sum(cast(quantity as bigint) * unit_cost)
              from deliveries
             where received_at >= :from and received_at < :to
             group by supplier_id
            """;
    static final String NAIVE_PAID = """
            select supplier_id, sum(amount)
              from supplier_payouts
             where paid_at >= :from and paid_at < :to
             group by supplier_id
            """;

    static final int WARM_UP = 3;
    static final int RUNS = Integer.getInteger("bench.runs", 15);

    @Autowired
    JdbcClient pooled;

    @Autowired
    DataGenerator generator;

    @Autowired
    SupplyGenerator supply;

    @Autowired
    DataSource dataSource;

    record Sample(double millis, long rows, double appCpuMillis, double dbCpuMillis) {}

    @Test
    void reconcileOneStatementAgainstNaive() throws Exception {
        SupplyQueryPlanTests.ensureScaleOneSupply(generator, supply, pooled);
        pooled.sql("vacuum (analyze) deliveries, supplier_payouts").update();
        long deliveries =
                pooled.sql("select count(*) from deliveries").query(Long.class).single();
        long payouts = pooled.sql("select count(*) from supplier_payouts")
                .query(Long.class)
                .single();
        long suppliers =
                pooled.sql("select count(*) from suppliers").query(Long.class).single();
        System.out.printf(
                "bench data: %d suppliers, %d deliveries, %d payouts; %d cores; load average %s%n",
                suppliers,
                deliveries,
                payouts,
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        try (Connection connection = dataSource.getConnection()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            int backend =
                    jdbc.sql("select pg_backend_pid()").query(Integer.class).single();
            Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
            for (int days : new int[] {30, 366}) {
                OffsetDateTime from = utc(today.minus(days, ChronoUnit.DAYS));
                OffsetDateTime to = utc(today);
                explain(jdbc, from, to);
                for (long threshold : new long[] {0, 100_000, 1_000_000, 10_000_000}) {
                    List<Sample> page = new ArrayList<>();
                    List<Sample> all = new ArrayList<>();
                    List<Sample> naive = new ArrayList<>();
                    for (int i = 0; i < WARM_UP + RUNS; i++) {
                        Sample a = measure(backend, () -> oneStatement(jdbc, from, to, threshold, 1));
                        Sample b = measure(backend, () -> oneStatement(jdbc, from, to, threshold, Integer.MAX_VALUE));
                        Sample c = measure(backend, () -> naive(jdbc, from, to, threshold));
                        if (i >= WARM_UP) {
                            page.add(a);
                            all.add(b);
                            naive.add(c);
                        }
                    }
                    report(days, threshold, "one statement, first page (500)", page);
                    report(days, threshold, "one statement, every page", all);
                    report(days, threshold, "naive (2 aggregates, filter in app)", naive);
                }
            }
        }
    }

    /** Up to {@code pages} pages of the report, as the endpoint serves them; answers the rows received. */
    private static long oneStatement(
            JdbcClient jdbc, OffsetDateTime from, OffsetDateTime to, long threshold, int pages) {
        long rows = 0;
        long magnitude = Long.MAX_VALUE;
        long id = 0;
        for (int p = 0; ; p++) {
            List<long[]> page = jdbc.sql(ReconciliationRepository.RECONCILE)
                    .param("from", from)
                    .param("to", to)
                    .param("threshold", threshold)
                    .param("cursorMagnitude", magnitude)
                    .param("cursorId", id)
                    .param("limit", 500)
                    .query((rs, n) -> new long[] {rs.getLong(1), Math.abs(rs.getLong(6))})
                    .list();
            rows += page.size();
            if (page.size() < 500 || p + 1 >= pages) {
                return rows;
            }
            magnitude = page.getLast()[1];
            id = page.getLast()[0];
        }
    }

    private static void explain(JdbcClient jdbc, OffsetDateTime from, OffsetDateTime to) {
        List<String> plan = jdbc.sql("explain (analyze, buffers) " + ReconciliationRepository.RECONCILE)
                .param("from", from)
                .param("to", to)
                .param("threshold", 100_000L)
                .param("cursorMagnitude", Long.MAX_VALUE)
                .param("cursorId", 0L)
                .param("limit", 500)
                .query(String.class)
                .list();
        System.out.println("bench plan " + from + " .. " + to + ":");
        plan.forEach(line -> System.out.println("bench plan   " + line));
    }

    /** Two aggregates pulled whole, then joined, filtered and sorted in Java; answers the rows received. */
    private static long naive(JdbcClient jdbc, OffsetDateTime from, OffsetDateTime to, long threshold) {
        Map<Long, long[]> bySupplier = new HashMap<>();
        long[] rows = {0};
        jdbc.sql(NAIVE_DELIVERED).param("from", from).param("to", to).query(rs -> {
            bySupplier.computeIfAbsent(rs.getLong(1), k -> new long[2])[0] = rs.getLong(2);
            rows[0]++;
        });
        jdbc.sql(NAIVE_PAID).param("from", from).param("to", to).query(rs -> {
            bySupplier.computeIfAbsent(rs.getLong(1), k -> new long[2])[1] = rs.getLong(2);
            rows[0]++;
        });
        List<long[]> over = bySupplier.entrySet().stream()
                .map(e -> new long[] {e.getKey(), e.getValue()[0] - e.getValue()[1]})
                .filter(line -> Math.abs(line[1]) > threshold)
                .sorted(Comparator.<long[]>comparingLong(line -> -Math.abs(line[1]))
                        .thenComparingLong(line -> line[0]))
                .toList();
        if (over.size() < 0) {
            throw new IllegalStateException();
        }
        return rows[0];
    }

    private interface Run {
        long rows() throws Exception;
    }

    private static Sample measure(int backend, Run run) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long db = backendTicks(backend);
        long started = System.nanoTime();
        long rows = run.rows();
        double millis = (System.nanoTime() - started) / 1e6;
        double appCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        double dbCpu = (backendTicks(backend) - db) * 10.0; // USER_HZ = 100: one tick is 10 ms
        return new Sample(millis, rows, appCpu, dbCpu);
    }

    /** utime + stime of the backend process and its parallel workers' share is not included (see README). */
    private static long backendTicks(int pid) throws Exception {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat"))
                .split("\\) ", 2)[1]
                .split(" ");
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    }

    private static void report(int days, long threshold, String approach, List<Sample> samples) {
        double[] wall = samples.stream().mapToDouble(Sample::millis).sorted().toArray();
        double appCpu =
                samples.stream().mapToDouble(Sample::appCpuMillis).average().orElse(0);
        double dbCpu =
                samples.stream().mapToDouble(Sample::dbCpuMillis).average().orElse(0);
        System.out.printf(
                "bench window=%dd threshold=%d %-38s median %7.2f ms  p90 %7.2f ms  rows to app %5d  app CPU %6.2f ms"
                        + "  db backend CPU %6.1f ms  (%d runs)%n",
                days,
                threshold,
                approach,
                wall[wall.length / 2],
                wall[(int) Math.min(wall.length - 1, Math.ceil(wall.length * 0.9) - 1)],
                samples.getFirst().rows(),
                appCpu,
                dbCpu,
                samples.size());
        if (Arrays.stream(wall).anyMatch(Double::isNaN)) {
            throw new IllegalStateException("no samples");
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
