package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.platform.web.ApiException;
import dev.emporium.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The invariants under real contention: 50 platform threads released together by a barrier against
 * the real PostgreSQL, round after round, each round checked afterwards in the database.
 */
@IntegrationTest
class FulfillmentConcurrencyTests {

    private static final int THREADS = 50;
    private static final int ROUNDS = 8;

    @Autowired
    ScanService scans;

    @Autowired
    BatchScanService batches;

    @Autowired
    AccountService accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FulfillmentBulkLoader loader;

    @Autowired
    FulfillmentProperties properties;

    @Autowired
    MeterRegistry registry;

    long staff;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        FulfillmentFixture.ensureLoaded(loader);
        staff = accounts.createUser(
                "race-" + UUID.randomUUID() + "@example.test", "not used by these tests", "Racer", Role.STAFF);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private ScanCommand scan(String qr, Integer capacity) {
        return ScanCommand.of(
                FulfillmentFixture.scanId(), qr, null, "A01", null, capacity, null, properties.defaultCapacity());
    }

    /** Runs every task at once (behind a barrier) and answers their results or exceptions. */
    private List<Object> race(List<Callable<Object>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return task.call();
                } catch (ApiException e) {
                    return e;
                }
            }));
        }
        List<Object> results = new ArrayList<>();
        for (Future<Object> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    @Test
    void fiftyThreadsLinkingOneChildToDifferentParentsLetExactlyOneWin() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String child = FulfillmentFixture.childCode();
            scans.scan(scan(child, null), staff);
            List<String> parents = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String parent = FulfillmentFixture.parentCode();
                scans.scan(scan(parent, 5), staff);
                parents.add(parent);
            }
            List<Callable<Object>> tasks = new ArrayList<>();
            parents.forEach(parent -> tasks.add(() -> scans.link(parent, child, staff)));
            List<Object> results = race(tasks);

            long won = results.stream()
                    .filter(r -> r instanceof ScanService.Outcome<?>)
                    .count();
            assertThat(won).isEqualTo(1);
            assertThat(results.stream().filter(r -> r instanceof ApiException))
                    .hasSize(THREADS - 1)
                    .allSatisfy(r -> assertThat(((ApiException) r).status()).isEqualTo(HttpStatus.CONFLICT));
            Long counted = jdbc.sql("select coalesce(sum(child_count), 0) from parcels where qr in (:qrs)")
                    .param("qrs", parents)
                    .query(Long.class)
                    .single();
            assertThat(counted).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from scan_events e join parcels p on p.id = e.parcel_id "
                                    + "where p.qr = :qr and e.action = 'LINKED'")
                            .param("qr", child)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aParentFilledConcurrentlyNeverExceedsItsCapacity() throws Exception {
        int capacity = 7;
        for (int round = 0; round < ROUNDS; round++) {
            String parent = FulfillmentFixture.parentCode();
            scans.scan(scan(parent, capacity), staff);
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String child = FulfillmentFixture.childCode();
                scans.scan(scan(child, null), staff);
                tasks.add(() -> scans.link(parent, child, staff));
            }
            List<Object> results = race(tasks);

            assertThat(results.stream().filter(r -> r instanceof ScanService.Outcome<?>))
                    .hasSize(capacity);
            assertThat(results.stream().filter(r -> r instanceof ApiException))
                    .allSatisfy(r -> assertThat(((ApiException) r).properties()).containsEntry("code", "parent_full"));
            Integer count = jdbc.sql("select child_count from parcels where qr = :qr")
                    .param("qr", parent)
                    .query(Integer.class)
                    .single();
            Long children = jdbc.sql(
                            "select count(*) from parcels where parent_id = (select id from parcels where qr = :qr)")
                    .param("qr", parent)
                    .query(Long.class)
                    .single();
            assertThat(count).isEqualTo(capacity);
            assertThat(children).isEqualTo(capacity);
        }
    }

    @Test
    void concurrentScansOfOneNewCodeCreateOneParcel() throws Exception {
        double appliedBefore = scanCount("single", "applied");
        for (int round = 0; round < ROUNDS; round++) {
            String qr = FulfillmentFixture.childCode();
            AtomicInteger created = new AtomicInteger();
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                tasks.add(() -> {
                    ScanService.Outcome<Views.ScanResult> outcome = scans.scan(scan(qr, null), staff);
                    if (outcome.body().parcelCreated()) {
                        created.incrementAndGet();
                    }
                    return outcome;
                });
            }
            List<Object> results = race(tasks);

            assertThat(results).allMatch(r -> r instanceof ScanService.Outcome<?>);
            assertThat(created).hasValue(1);
            assertThat(jdbc.sql("select count(*) from parcels where qr = :qr")
                            .param("qr", qr)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql(
                                    "select count(*) from scan_events e join parcels p on p.id = e.parcel_id where p.qr = :qr")
                            .param("qr", qr)
                            .query(Long.class)
                            .single())
                    .isEqualTo(THREADS);
        }
        assertThat(scanCount("single", "applied") - appliedBefore)
                .as("each scan counted once after its commit, whatever its transaction's retries")
                .isEqualTo(THREADS * ROUNDS);
    }

    @Test
    void oneScanResentConcurrentlyIsRecordedOnce() throws Exception {
        double appliedBefore = scanCount("single", "applied");
        double duplicateBefore = scanCount("single", "duplicate");
        for (int round = 0; round < ROUNDS; round++) {
            String qr = FulfillmentFixture.parentCode();
            ScanCommand same = scan(qr, null);
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                tasks.add(() -> scans.scan(same, staff));
            }
            List<Object> results = race(tasks);

            assertThat(results).allMatch(r -> r instanceof ScanService.Outcome<?>);
            assertThat(results.stream()
                            .map(r -> ((ScanService.Outcome<?>) r).replayed())
                            .filter(replayed -> !replayed))
                    .hasSize(1);
            assertThat(results.stream()
                            .map(r -> ((Views.ScanResult) ((ScanService.Outcome<?>) r).body())
                                    .event()
                                    .id())
                            .distinct())
                    .hasSize(1);
        }
        assertThat(scanCount("single", "applied") - appliedBefore).isEqualTo(ROUNDS);
        assertThat(scanCount("single", "duplicate") - duplicateBefore).isEqualTo((THREADS - 1) * ROUNDS);
    }

    @Test
    void concurrentBatchesOverTheSameNewCodesCreateEachParcelOnce() throws Exception {
        double appliedBefore = scanCount("batch", "applied");
        long accepted = 0;
        for (int round = 0; round < ROUNDS / 2; round++) {
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                codes.add(FulfillmentFixture.childCode());
            }
            ConcurrentHashMap<Integer, Views.BatchResult> done = new ConcurrentHashMap<>();
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    List<ScanCommand> lines = new ArrayList<>();
                    for (String code : codes) {
                        lines.add(scan(code, null));
                    }
                    Views.BatchResult result = batches.apply(lines, staff);
                    done.put(thread, result);
                    return result;
                });
            }
            race(tasks);

            assertThat(done).hasSize(8);
            assertThat(done.values().stream()
                            .mapToInt(Views.BatchResult::parcelsCreated)
                            .sum())
                    .isEqualTo(codes.size());
            assertThat(jdbc.sql("select count(*) from parcels where qr in (:qrs)")
                            .param("qrs", codes)
                            .query(Long.class)
                            .single())
                    .isEqualTo(codes.size());
            accepted +=
                    done.values().stream().mapToInt(Views.BatchResult::accepted).sum();
        }
        assertThat(scanCount("batch", "applied") - appliedBefore)
                .as("lines counted once, after the commit of the attempt that applied them")
                .isEqualTo(accepted)
                .isEqualTo(8L * 200 * (ROUNDS / 2));
    }

    private double scanCount(String source, String outcome) {
        return registry.get(ScanCounter.METRIC)
                .tag("source", source)
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
