package dev.emporium.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-statement reconciliation against a brute-force computation: every delivery and payout
 * row in the database is read raw and summed in Java, per supplier, for several windows and
 * thresholds, including the boundary cases (a row exactly at {@code from} counts, one exactly at
 * {@code to} does not; a variance equal to the threshold is not over it).
 */
@IntegrationTest
class ReconciliationTests {

    private static final Instant YEAR_START = Instant.parse("2001-01-01T00:00:00Z");
    private static final Instant YEAR_END = Instant.parse("2002-01-01T00:00:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    JsonMapper json;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    SupplyBulkLoader loader;

    SupplyTestClient client;

    private static boolean loaded;
    private static List<Long> suppliers;

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
        client = new SupplyTestClient(mvc, json, accounts, tokens);
        loadFixture();
    }

    /** 40 suppliers with random deliveries and payouts over 2001, plus hand-made edge cases. */
    private synchronized void loadFixture() {
        if (loaded) {
            return;
        }
        suppliers = loader.copySuppliers(40, "Reconciled " + System.nanoTime(), "EUR", YEAR_START)
                .ids();
        SplittableRandom random = new SplittableRandom(7);
        long span = YEAR_END.getEpochSecond() - YEAR_START.getEpochSecond();
        int deliveries = 1_500;
        long[] supplierOf = new long[deliveries];
        long[] at = new long[deliveries];
        int[] quantity = new int[deliveries];
        long[] cost = new long[deliveries];
        for (int i = 0; i < deliveries; i++) {
            // suppliers 0..29 deliver, 30..39 are only paid
            supplierOf[i] = suppliers.get(random.nextInt(30));
            at[i] = YEAR_START.getEpochSecond() + random.nextLong(span);
            quantity[i] = 1 + random.nextInt(40);
            cost[i] = random.nextLong(5_000);
        }
        // edge cases: exactly at the start of the year, exactly at its end (outside [start, end))
        supplierOf[0] = suppliers.get(0);
        at[0] = YEAR_START.getEpochSecond();
        supplierOf[1] = suppliers.get(0);
        at[1] = YEAR_END.getEpochSecond();
        loader.copyDeliveries(deliveries, (i, row) -> {
            int k = (int) i;
            String time = SupplyBulkLoader.timestamp(Instant.ofEpochSecond(at[k]));
            row.add(supplierOf[k])
                    .add(1 + k % 1000)
                    .add(quantity[k])
                    .add(cost[k])
                    .add(time)
                    .add(time);
        });
        List<SupplyBulkLoader.PlannedPayout> payouts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long supplier = suppliers.get(random.nextInt(40));
            Instant paidAt = Instant.ofEpochSecond(YEAR_START.getEpochSecond() + random.nextLong(span));
            payouts.add(new SupplyBulkLoader.PlannedPayout(supplier, 1 + random.nextLong(200_000), paidAt));
        }
        payouts.add(new SupplyBulkLoader.PlannedPayout(suppliers.get(1), 777, YEAR_START));
        payouts.add(new SupplyBulkLoader.PlannedPayout(suppliers.get(1), 888, YEAR_END));
        payouts.sort(Comparator.comparing(SupplyBulkLoader.PlannedPayout::paidAt));
        loader.postPayouts("EUR", payouts);
        loaded = true;
    }

    @Test
    void theReportMatchesABruteForceComputationForEveryWindowAndThreshold() throws Exception {
        List<Instant[]> windows = List.of(
                new Instant[] {YEAR_START, YEAR_END},
                new Instant[] {Instant.parse("2001-03-01T00:00:00Z"), Instant.parse("2001-04-01T00:00:00Z")},
                new Instant[] {Instant.parse("2001-06-15T12:00:00Z"), Instant.parse("2001-06-16T12:00:00Z")},
                new Instant[] {YEAR_START, Instant.parse("2001-01-01T00:00:01Z")},
                new Instant[] {Instant.parse("2001-12-31T00:00:00Z"), Instant.parse("2002-01-01T00:00:01Z")});
        int compared = 0;
        for (Instant[] window : windows) {
            Map<Long, long[]> expected = bruteForce(window[0], window[1]);
            for (long threshold : thresholds(expected)) {
                List<long[]> want = overThreshold(expected, threshold);
                List<long[]> got = walk(window[0], window[1], threshold);
                assertThat(got)
                        .as("window %s..%s threshold %d", window[0], window[1], threshold)
                        .usingElementComparator(Comparator.comparing(java.util.Arrays::toString))
                        .containsExactlyElementsOf(want);
                compared += want.size();
            }
        }
        assertThat(compared)
                .as("the fixture must put suppliers over the thresholds")
                .isGreaterThan(100);
    }

    @Test
    void rowsExactlyAtFromCountAndRowsExactlyAtToDoNot() throws Exception {
        Map<Long, long[]> firstSecond = bruteForce(YEAR_START, Instant.parse("2001-01-01T00:00:01Z"));
        assertThat(firstSecond).containsKeys(suppliers.get(0), suppliers.get(1));
        assertThat(firstSecond.get(suppliers.get(1))[1]).isEqualTo(777);
        List<long[]> got = walk(YEAR_START, Instant.parse("2001-01-01T00:00:01Z"), 0);
        assertThat(got).anySatisfy(line -> assertThat(line).containsExactly(suppliers.get(1), 0, 777, -777));
        List<long[]> after = walk(Instant.parse("2001-12-31T23:59:59Z"), YEAR_END, 0);
        assertThat(after).noneSatisfy(line -> assertThat(line[2]).isEqualTo(888));
    }

    @Test
    void parametersAreValidated() throws Exception {
        String base = "/api/v1/admin/supply/reconciliation";
        client.get(base + "?to=2001-02-01")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.from").exists());
        client.get(base + "?from=2001-02-01")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.to").exists());
        client.get(base + "?from=2001-03-01&to=2001-02-01").andExpect(status().isBadRequest());
        client.get(base + "?from=2001-01-01&to=2001-02-01&threshold=-1").andExpect(status().isBadRequest());
        client.get(base + "?from=2001-01-01&to=2001-02-01&cursor=x").andExpect(status().isBadRequest());
        client.get(base + "?from=1990-01-01&to=2020-02-01").andExpect(status().isBadRequest());
        client.get(base + "?from=2001-01-01&to=2001-02-01&limit=501").andExpect(status().isBadRequest());
    }

    /** Every page of the report, as {supplierId, delivered, paid, variance}. */
    private List<long[]> walk(Instant from, Instant to, long threshold) throws Exception {
        List<long[]> lines = new ArrayList<>();
        String cursor = null;
        long total = -1;
        do {
            JsonNode page = client.read(client.get("/api/v1/admin/supply/reconciliation?from=" + from + "&to=" + to
                            + "&threshold=" + threshold + "&limit=7" + (cursor == null ? "" : "&cursor=" + cursor))
                    .andExpect(status().isOk()));
            total = page.get("total").asLong();
            for (JsonNode item : page.get("items")) {
                lines.add(new long[] {
                    item.get("supplierId").asLong(),
                    item.get("delivered").asLong(),
                    item.get("paid").asLong(),
                    item.get("variance").asLong()
                });
            }
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(total).isEqualTo(lines.size());
        return lines;
    }

    /** supplier → {delivered, paid}, from every raw row, in Java. */
    private Map<Long, long[]> bruteForce(Instant from, Instant to) {
        Map<Long, long[]> sums = new HashMap<>();
        jdbc.sql("select supplier_id, quantity, unit_cost, received_at from deliveries")
                .query(rs -> {
                    Instant at = rs.getObject(4, OffsetDateTime.class).toInstant();
                    if (!at.isBefore(from) && at.isBefore(to)) {
                        sums.computeIfAbsent(rs.getLong(1), k -> new long[2])[0] += rs.getInt(2) * rs.getLong(3);
                    }
                });
        jdbc.sql("select supplier_id, amount, paid_at from supplier_payouts").query(rs -> {
            Instant at = rs.getObject(3, OffsetDateTime.class).toInstant();
            if (!at.isBefore(from) && at.isBefore(to)) {
                sums.computeIfAbsent(rs.getLong(1), k -> new long[2])[1] += rs.getLong(2);
            }
        });
        return sums;
    }

    private static List<long[]> overThreshold(Map<Long, long[]> sums, long threshold) {
        return sums.entrySet().stream()
                .map(e -> new long[] {e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[0] - e.getValue()[1]})
                .filter(line -> Math.abs(line[3]) > threshold)
                .sorted(Comparator.<long[]>comparingLong(line -> -Math.abs(line[3]))
                        .thenComparingLong(line -> line[0]))
                .toList();
    }

    /** 0, a middle value, and a threshold exactly equal to some supplier's |variance| (which must exclude it). */
    private static List<Long> thresholds(Map<Long, long[]> sums) {
        List<Long> magnitudes =
                sums.values().stream().map(v -> Math.abs(v[0] - v[1])).sorted().toList();
        if (magnitudes.isEmpty()) {
            return List.of(0L);
        }
        return List.of(0L, magnitudes.get(magnitudes.size() / 2), magnitudes.getLast());
    }
}
