package dev.emporium.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.platform.db.MaterializedViewRefresher;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ExplainGuard;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Index discipline of the dashboard's reads: each reads its view by an index, never all of it. The
 * views are refreshed over the shared order history and analyzed first, so they hold tens of
 * thousands of rows (the guard refuses to judge smaller ones).
 */
@IntegrationTest
class AnalyticsQueryPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    MaterializedViewRefresher refresher;

    ExplainGuard guard;

    private static boolean prepared;

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
        synchronized (AnalyticsQueryPlanTests.class) {
            if (!prepared) {
                refresher.refreshNow(AnalyticsViews.DAILY_SALES);
                jdbc.sql("analyze analytics_daily_sales").update();
                prepared = true;
            }
        }
        guard = new ExplainGuard(jdbc);
    }

    @Test
    void dailySalesReadARangeOfTheViewKey() {
        guard.requireLarge("analytics_daily_sales");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (long category : new long[] {0, 1}) {
            for (int days : new int[] {1, 30, 366}) {
                List<String> plan = guard.assertNoSequentialScan(
                        AnalyticsRepository.DAILY_SALES,
                        Map.of("category", category, "from", today.minusDays(days - 1), "to", today));
                assertThat(ExplainGuard.describe(plan))
                        .as("category %d, %d days", category, days)
                        .containsAnyOf(
                                "Index Scan(analytics_daily_sales)",
                                "Bitmap Heap Scan(analytics_daily_sales)",
                                "Index Only Scan(analytics_daily_sales)");
            }
        }
    }

    /**
     * A daily sales round (V20): the logged changes, then each changed order, its lines and products
     * by primary key. No statement of a round reads a large table whole, so its cost follows the
     * orders changed since the last round, not the day's or the history's.
     */
    @Test
    void aDailySalesRoundReadsTheChangedOrdersByPrimaryKey() {
        guard.requireLarge("orders").requireLarge("order_lines").requireLarge("products");
        List<String> round = guard.assertNoSequentialScan(AnalyticsRepository.APPLY_CHANGES, Map.of());
        assertThat(ExplainGuard.describe(round))
                // the log holds one round's changes and the category lineage is 2,000 rows: both read whole by design
                .doesNotContain("Seq Scan(orders)", "Seq Scan(order_lines)", "Seq Scan(products)");
        // the daily table is small in the test data set; at scale 1 (2,000 categories a day) its day index serves it
        guard.assertNoSequentialScan(AnalyticsRepository.DELETE_EMPTY, Map.of("days", "{2026-01-01}"));
    }

    /**
     * The shared history has too few products sold in the last 30 days for the guard, so a rolled-back
     * transaction adds an order for each of 30,000 more products before refreshing the view.
     */
    @Test
    void topProductsWalkTheirRankingIndexAndStopAtTheLimit() {
        TransactionTemplate rolledBack = new TransactionTemplate(transactionManager);
        rolledBack.executeWithoutResult(tx -> {
            jdbc.sql(THIRTY_THOUSAND_RECENT_SALES).update();
            refresher.refreshNow(AnalyticsViews.PRODUCT_SALES);
            jdbc.sql("analyze analytics_product_sales_30d").update();
            ExplainGuard recent = new ExplainGuard(jdbc).requireLarge("analytics_product_sales_30d");
            for (String sql : List.of(AnalyticsRepository.TOP_BY_UNITS, AnalyticsRepository.TOP_BY_REVENUE)) {
                for (int limit : new int[] {1, 10, AnalyticsService.MAX_TOP}) {
                    List<String> plan = recent.assertNoSequentialScan(sql, Map.of("limit", limit));
                    assertThat(ExplainGuard.describe(plan)).contains("Limit > Index Scan(analytics_product_sales_30d)");
                }
            }
            tx.setRollbackOnly();
        });
    }

    /** One order yesterday per product, for 30,000 products: never committed (no ledger transfers). */
    private static final String THIRTY_THOUSAND_RECENT_SALES = """
            with customer as (select min(id) as id from users where role = 'CUSTOMER'),
                 placed as (
                    insert into orders (customer_id, status, total, currency, line_count, created_at, updated_at)
                    select customer.id, 'PLACED', 1000, 'EUR', 1, now() - interval '1 day', now()
                      from customer, generate_series(1, 30000)
                    returning id),
                 numbered_orders as (select id, row_number() over (order by id) as n from placed),
                 numbered_products as (select id, row_number() over (order by id) as n from products limit 30000)
            insert into order_lines (order_id, line_no, product_id, quantity, unit_price)
            select o.id, 1, p.id, 1 + p.id % 7, 100 + p.id % 1000
              from numbered_orders o
              join numbered_products p on p.n = o.n
            """;

    @Autowired
    PlatformTransactionManager transactionManager;
}
