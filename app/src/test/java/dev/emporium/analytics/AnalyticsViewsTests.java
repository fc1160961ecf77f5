package dev.emporium.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.platform.db.MaterializedViewRefresher;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The views' figures against a brute-force computation: the raw order lines of a fixture are read
 * row by row and summed in Java, and what the service answers (reading the views after a refresh)
 * must equal it. Each test runs in one transaction that is rolled back: fixture, refresh and all.
 */
@IntegrationTest
class AnalyticsViewsTests {

    private static final String RAW_LINES = """
            select o.id, o.status, o.currency, o.created_at, l.product_id, l.quantity, l.unit_price, p.category_id
              from orders o
              join order_lines l on l.order_id = o.id
              join products p on p.id = l.product_id
             where o.created_at >= :from and o.created_at < :to
            """;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    MaterializedViewRefresher refresher;

    @Autowired
    AnalyticsService service;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    TransactionTemplate rolledBack;

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
        rolledBack = new TransactionTemplate(transactionManager);
        rolledBack.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    record RawLine(
            long order,
            String status,
            String currency,
            Instant at,
            long product,
            long quantity,
            long unitPrice,
            long category) {}

    private List<RawLine> raw(Instant from, Instant to) {
        return jdbc.sql(RAW_LINES)
                .param("from", java.sql.Timestamp.from(from))
                .param("to", java.sql.Timestamp.from(to))
                .query((rs, n) -> new RawLine(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8)))
                .list();
    }

    /** Whether {@code category} is {@code ancestor} or lies below it, walking the parent links one by one. */
    private boolean within(long category, long ancestor) {
        Map<Long, Long> parents = new HashMap<>();
        jdbc.sql("select id, parent_id from categories where parent_id is not null")
                .query((rs, n) -> parents.put(rs.getLong(1), rs.getLong(2)))
                .list();
        for (Long c = category; c != null; c = parents.get(c)) {
            if (c == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * Day → currency → {orders, units, revenue} over the lines of orders not cancelled whose product is
     * in {@code category} or below it (0: every line).
     */
    private Map<String, long[]> bruteForceDaily(List<RawLine> lines, long category) {
        Map<String, Set<Long>> orders = new TreeMap<>();
        Map<String, long[]> sums = new TreeMap<>();
        Map<Long, Boolean> inSubtree = new HashMap<>();
        for (RawLine l : lines) {
            if (l.status().equals("CANCELLED")
                    || (category != 0 && !inSubtree.computeIfAbsent(l.category(), c -> within(c, category)))) {
                continue;
            }
            String key = LocalDate.ofInstant(l.at(), ZoneOffset.UTC) + " " + l.currency();
            orders.computeIfAbsent(key, k -> new HashSet<>()).add(l.order());
            long[] s = sums.computeIfAbsent(key, k -> new long[3]);
            s[1] += l.quantity();
            s[2] += l.quantity() * l.unitPrice();
        }
        sums.forEach((key, s) -> s[0] = orders.get(key).size());
        return sums;
    }

    private static Map<String, long[]> answered(DailySales sales) {
        Map<String, long[]> got = new TreeMap<>();
        for (DailySales.Day d : sales.days()) {
            got.put(d.day() + " " + d.currency(), new long[] {d.orders(), d.units(), d.revenue()});
        }
        return got;
    }

    @Test
    void dailySalesEqualABruteForceSumOfTheRawLinesPerDayCategoryAndCurrency() {
        rolledBack.executeWithoutResult(tx -> {
            AnalyticsFixture fixture = new AnalyticsFixture(jdbc);
            fixture.load(11);
            refresher.refreshNow(AnalyticsViews.DAILY_SALES);
            Instant yearStart =
                    AnalyticsFixture.YEAR.atStartOfDay(ZoneOffset.UTC).toInstant();
            List<RawLine> year = raw(yearStart, yearStart.plusSeconds(366L * 86_400));
            assertThat(year).hasSizeGreaterThan(150);
            int compared = 0;
            for (long category : new long[] {0, fixture.parentCategory, fixture.categories[0], fixture.categories[1]}) {
                Map<String, long[]> want = bruteForceDaily(year, category);
                DailySales got = service.dailySales("2003-01-01", "2003-12-31", category == 0 ? null : category);
                assertThat(got.days().stream().map(DailySales.Day::day)).isSorted();
                assertThat(answered(got))
                        .as("category %d", category)
                        .usingRecursiveComparison()
                        .isEqualTo(want);
                compared += want.size();
            }
            assertThat(compared).isGreaterThan(300);
            assertThat(answered(service.dailySales("2003-01-01", "2003-12-31", fixture.parentCategory)))
                    .as("the parent's rows cover both children: an order with a line in each counts once")
                    .isNotEqualTo(answered(service.dailySales("2003-01-01", "2003-12-31", fixture.categories[0])));
            // the day boundary: the order at 00:00:00.000 belongs to March 1st, the one a millisecond before to
            // February 28th, and the cancelled one counts nowhere
            DailySales edge = service.dailySales("2003-02-28", "2003-03-01", fixture.categories[0]);
            Map<String, long[]> want = bruteForceDaily(
                    raw(Instant.parse("2003-02-28T00:00:00Z"), Instant.parse("2003-03-02T00:00:00Z")),
                    fixture.categories[0]);
            assertThat(answered(edge)).usingRecursiveComparison().isEqualTo(want);
            assertThat(edge.asOf())
                    .isEqualTo(refresher.refreshedAt(AnalyticsViews.DAILY_SALES).orElseThrow());
            // the last 40 days of the fixture, in one of its categories (the generated orders have other products)
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            List<RawLine> recent = raw(
                    today.minusDays(45).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    Instant.now().plusSeconds(1));
            assertThat(answered(service.dailySales(
                            today.minusDays(45).toString(), today.toString(), fixture.categories[1])))
                    .usingRecursiveComparison()
                    .isEqualTo(bruteForceDaily(recent, fixture.categories[1]));
            tx.setRollbackOnly();
        });
    }

    /**
     * A scheduled round applies only the order changes logged since the previous round: a cancellation
     * on an old day and an order placed now for another day, both counted right afterwards, and an
     * order placed and cancelled between two rounds, which changes nothing. A day no change touched
     * keeps what it had (here a deliberately wrong figure), which only a whole recomputation rewrites.
     */
    @Test
    void aRoundAppliesTheLoggedOrderChangesAndOnlyThose() {
        rolledBack.executeWithoutResult(tx -> {
            AnalyticsFixture fixture = new AnalyticsFixture(jdbc);
            fixture.load(13);
            long category = fixture.categories[0];
            long cancelled = fixture.order(
                    Instant.parse("2003-05-10T12:00:00Z"),
                    "PLACED",
                    "USD",
                    List.of(new AnalyticsFixture.Line(0, 4, 1_000)));
            refresher.refreshNow(AnalyticsViews.DAILY_SALES);
            LocalDate untouched = jdbc.sql("""
                            select min(day) from analytics_daily_sales
                             where category_id = 0 and day between '2003-07-01' and '2003-12-31'
                            """).query(LocalDate.class).single();
            jdbc.sql("update analytics_daily_sales set units = units + 1000 where day = :day")
                    .param("day", untouched)
                    .update();
            // after that round, as the order service would: a cancellation, a new order, and one that
            // is placed and cancelled before the next round
            fixture.cancel(cancelled);
            fixture.order(
                    Instant.parse("2003-05-11T08:00:00Z"),
                    "PLACED",
                    "USD",
                    List.of(new AnalyticsFixture.Line(0, 2, 700)));
            long fleeting = fixture.order(
                    Instant.parse("2003-05-11T09:00:00Z"),
                    "PLACED",
                    "USD",
                    List.of(new AnalyticsFixture.Line(1, 5, 300)));
            fixture.cancel(fleeting);
            assertThat(service.dailySales("2003-05-10", "2003-05-10", category).days())
                    .as("the cancelled order still counts until the next round")
                    .anySatisfy(d -> assertThat(d.units()).isGreaterThanOrEqualTo(4));

            assertThat(refresher.refresh(AnalyticsViews.DAILY_SALES)).isTrue();

            List<RawLine> changed = raw(Instant.parse("2003-05-10T00:00:00Z"), Instant.parse("2003-05-12T00:00:00Z"));
            for (long c : new long[] {0, category}) {
                assertThat(answered(service.dailySales("2003-05-10", "2003-05-11", c == 0 ? null : c)))
                        .as("the changed days, category %d", c)
                        .usingRecursiveComparison()
                        .isEqualTo(bruteForceDaily(changed, c));
            }
            String day = untouched.toString();
            Map<String, long[]> truth = bruteForceDaily(
                    raw(
                            untouched.atStartOfDay(ZoneOffset.UTC).toInstant(),
                            untouched.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
                    0);
            assertThat(truth).isNotEmpty();
            Map<String, long[]> stale = answered(service.dailySales(day, day, null));
            assertThat(stale.keySet()).isEqualTo(truth.keySet());
            stale.forEach((key, figures) -> assertThat(figures[1])
                    .as("a day no order changed on is not touched: %s", key)
                    .isEqualTo(truth.get(key)[1] + 1000));

            refresher.refreshNow(AnalyticsViews.DAILY_SALES);
            assertThat(answered(service.dailySales(day, day, null)))
                    .as("a whole recomputation rewrites every day")
                    .usingRecursiveComparison()
                    .isEqualTo(truth);
            tx.setRollbackOnly();
        });
    }

    @Test
    void topProductsEqualABruteForceRankingOfTheLastThirtyDays() {
        rolledBack.executeWithoutResult(tx -> {
            AnalyticsFixture fixture = new AnalyticsFixture(jdbc);
            fixture.load(12);
            refresher.refreshNow(AnalyticsViews.PRODUCT_SALES);
            Instant asOf = refresher.refreshedAt(AnalyticsViews.PRODUCT_SALES).orElseThrow();
            Set<Long> ours = new HashSet<>();
            for (long p : fixture.products) {
                ours.add(p);
            }
            Map<String, Set<Long>> orders = new HashMap<>();
            Map<String, long[]> sums = new HashMap<>();
            for (RawLine l : raw(asOf.minusSeconds(30L * 86_400), asOf.plusSeconds(1))) {
                if (l.status().equals("CANCELLED") || !ours.contains(l.product())) {
                    continue;
                }
                String key = l.product() + " " + l.currency();
                orders.computeIfAbsent(key, k -> new HashSet<>()).add(l.order());
                long[] s = sums.computeIfAbsent(key, k -> new long[] {l.product(), 0, 0, 0});
                s[2] += l.quantity();
                s[3] += l.quantity() * l.unitPrice();
            }
            sums.forEach((key, s) -> s[1] = orders.get(key).size());
            List<long[]> expected = new ArrayList<>(sums.values());
            assertThat(expected).hasSizeGreaterThanOrEqualTo(6);
            for (String by : List.of("units", "revenue")) {
                int column = by.equals("units") ? 2 : 3;
                List<String> want = expected.stream()
                        .sorted(Comparator.<long[]>comparingLong(s -> -s[column])
                                .thenComparingLong(s -> s[0]))
                        .limit(5)
                        .map(s -> s[0] + " " + s[1] + " " + s[2] + " " + s[3])
                        .toList();
                TopProducts top = service.topProducts(by, 5);
                assertThat(top.asOf()).isEqualTo(asOf);
                assertThat(top.items())
                        .as("by %s", by)
                        .extracting(i -> i.productId() + " " + i.orders() + " " + i.units() + " " + i.revenue())
                        .containsExactlyElementsOf(want);
            }
            tx.setRollbackOnly();
        });
    }

    @Test
    void dashboardCountersEqualCountsOfTheSourceTablesInTheSameSnapshot() {
        rolledBack.executeWithoutResult(tx -> {
            AnalyticsFixture fixture = new AnalyticsFixture(jdbc);
            Instant now = Instant.now();
            fixture.order(now.minusSeconds(5), "PLACED", "USD", List.of(new AnalyticsFixture.Line(0, 3, 250)));
            fixture.order(now.minusSeconds(4), "CANCELLED", "USD", List.of(new AnalyticsFixture.Line(1, 1, 999)));
            refresher.refreshNow(AnalyticsViews.DASHBOARD);
            DashboardStats stats = service.dashboard();
            assertThat(stats.products()).isEqualTo(count("select count(*) from products where active"));
            assertThat(stats.categories()).isEqualTo(count("select count(*) from categories"));
            assertThat(stats.customers()).isEqualTo(count("select count(*) from users where role = 'CUSTOMER'"));
            Instant midnight =
                    LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
            Map<String, long[]> today = new TreeMap<>();
            jdbc.sql("select currency, status, total, created_at from orders where created_at >= :midnight")
                    .param("midnight", java.sql.Timestamp.from(midnight))
                    .query((rs, n) -> {
                        if (!rs.getString(2).equals("CANCELLED")) {
                            long[] s = today.computeIfAbsent(rs.getString(1), k -> new long[2]);
                            s[0]++;
                            s[1] += rs.getLong(3);
                        }
                        return 0;
                    })
                    .list();
            assertThat(stats.today())
                    .extracting(s -> s.currency() + " " + s.orders() + " " + s.revenue())
                    .containsExactlyElementsOf(today.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1])
                            .toList());
            assertThat(stats.today()).anyMatch(s -> s.currency().equals("USD") && s.orders() >= 1);
            assertThat(stats.ordersToday())
                    .isEqualTo(today.values().stream().mapToLong(s -> s[0]).sum());
            Map<String, Long> parcels = new TreeMap<>();
            jdbc.sql("select status from parcels")
                    .query(String.class)
                    .list()
                    .forEach(s -> parcels.merge(s, 1L, Long::sum));
            assertThat(stats.parcelsByStatus())
                    .extracting(p -> p.status() + " " + p.parcels())
                    .containsExactlyElementsOf(parcels.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .toList());
            assertThat(stats.scansLastHour())
                    .isEqualTo(count("select count(*) from scan_events where scanned_at >= now() - interval '1 hour'"));
            assertThat(stats.asOf())
                    .isEqualTo(refresher.refreshedAt(AnalyticsViews.DASHBOARD).orElseThrow());
            tx.setRollbackOnly();
        });
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
