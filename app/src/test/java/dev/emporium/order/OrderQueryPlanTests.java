package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ExplainGuard;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every order query shape on a request path reads its tables through an index at a realistic
 * scale: the shared test data holds {@link TestData#ORDERS} generated orders (2,000,000 with
 * {@code -Demporium.test.scale=1}) with about three lines each. The customer history must use
 * {@code orders_customer_created_idx}, the admin filters their own indexes.
 *
 * <p>Not guarded: the generator's bulk statements ({@link OrderBulkLoader}), which read whole tables
 * by design and run off the request path.
 */
@IntegrationTest
class OrderQueryPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Test
    void everyOrderQueryShapeUsesAnIndexAtRealisticScale() {
        TestData.ensureLoaded(generator, jdbc);
        ExplainGuard guard = new ExplainGuard(jdbc).requireLarge("orders").requireLarge("order_lines");
        long customer = jdbc.sql("select customer_id from orders group by customer_id order by count(*) desc limit 1")
                .query(Long.class)
                .single();
        long order = jdbc.sql("select max(id) from orders").query(Long.class).single();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime monthAgo = now.minusDays(30);
        Map<String, Object> page = new HashMap<>();
        page.put("from", at(OrderFilter.EARLIEST));
        page.put("to", at(OrderFilter.LATEST));
        page.put("beforeAt", at(OrderFilter.LATEST));
        page.put("beforeId", Long.MAX_VALUE);
        page.put("limit", 51);
        Map<String, Object> deep = new HashMap<>(page);
        deep.put("beforeAt", monthAgo);
        deep.put("beforeId", 1L);
        Map<String, Object> month = new HashMap<>(page);
        month.put("from", monthAgo.minusDays(30));
        month.put("to", monthAgo);
        month.put("beforeAt", monthAgo);

        Map<String, String> plans = new LinkedHashMap<>();
        check(plans, guard, "detail", OrderRepository.DETAIL, Map.of("id", order, "customerId", customer));
        check(plans, guard, "customer first page", OrderRepository.CUSTOMER_PAGE, with(page, customer, null));
        check(plans, guard, "customer deep page", OrderRepository.CUSTOMER_PAGE, with(deep, customer, null));
        check(plans, guard, "customer by status", OrderRepository.CUSTOMER_PAGE, with(page, customer, "CANCELLED"));
        check(plans, guard, "customer by month", OrderRepository.CUSTOMER_PAGE, with(month, customer, null));
        check(plans, guard, "customer count", OrderRepository.CUSTOMER_COUNT, cap(with(page, customer, null)));
        for (String status : new String[] {"PLACED", "SHIPPED", "CANCELLED"}) {
            check(plans, guard, "status " + status, OrderRepository.STATUS_PAGE, with(page, null, status));
            check(plans, guard, "status count " + status, OrderRepository.STATUS_COUNT, cap(with(page, null, status)));
            check(plans, guard, "status month " + status, OrderRepository.STATUS_PAGE, with(month, null, status));
        }
        check(plans, guard, "all first page", OrderRepository.ALL_PAGE, page);
        check(plans, guard, "all deep page", OrderRepository.ALL_PAGE, deep);
        check(plans, guard, "all by month", OrderRepository.ALL_PAGE, month);
        check(plans, guard, "all count", OrderRepository.ALL_COUNT, cap(page));
        check(plans, guard, "all count by month", OrderRepository.ALL_COUNT, cap(month));
        String ids = jdbc.sql(
                        "select '{' || string_agg(id::text, ',') || '}' from (select id from orders order by id desc limit 500) o")
                .query(String.class)
                .single();
        check(plans, guard, "lines of a page", OrderRepository.LINES_OF, Map.of("orderIds", ids));
        check(plans, guard, "cancel", OrderRepository.CANCEL, Map.of("id", order, "customerId", customer));
        check(plans, guard, "ship", OrderRepository.SHIP, Map.of("id", order));
        check(plans, guard, "quantities", OrderRepository.QUANTITIES, Map.of("id", order));
        Map<String, Object> export = new HashMap<>(month);
        export.put("status", null);
        check(plans, guard, "export a month", OrderRepository.EXPORT, export);
        Map<String, Object> insert = new HashMap<>();
        insert.putAll(Map.of("id", -1L, "customerId", customer, "total", 100L, "currency", "EUR", "lineCount", 2));
        insert.putAll(Map.of("productIds", "{1,2}", "quantities", "{1,1}", "prices", "{50,50}"));
        check(plans, guard, "insert", OrderRepository.INSERT, insert);

        assertThat(indexOf(OrderRepository.CUSTOMER_PAGE, with(page, customer, null)))
                .contains("orders_customer_created_idx");
        assertThat(indexOf(OrderRepository.CUSTOMER_PAGE, with(month, customer, "SHIPPED")))
                .contains("orders_customer_created_idx");
        // a rare status goes through its own index; for the common one (SHIPPED, ~95%) the planner rightly
        // walks orders_created_idx and filters, which the guard above already holds to an index scan
        assertThat(indexOf(OrderRepository.STATUS_PAGE, with(month, null, "CANCELLED")))
                .contains("orders_status_created_idx");
        assertThat(indexOf(OrderRepository.ALL_PAGE, month)).contains("orders_created_idx");
        assertThat(plans.get("lines of a page")).doesNotContain("Seq Scan(order_lines)");
    }

    private void check(Map<String, String> plans, ExplainGuard guard, String shape, String sql, Map<String, ?> params) {
        plans.put(shape, ExplainGuard.describe(guard.assertNoSequentialScan(sql, params)));
    }

    private String indexOf(String sql, Map<String, ?> params) {
        return jdbc.sql("explain (format json) " + sql)
                .params(params)
                .query(String.class)
                .single();
    }

    private static Map<String, Object> with(Map<String, Object> base, Long customer, String status) {
        Map<String, Object> params = new HashMap<>(base);
        if (customer != null) {
            params.put("customerId", customer);
        }
        params.put("status", status);
        return params;
    }

    private static Map<String, Object> cap(Map<String, Object> base) {
        Map<String, Object> params = new HashMap<>(base);
        params.remove("limit");
        params.remove("beforeAt");
        params.remove("beforeId");
        params.put("cap", OrderHistory.EXACT_COUNT_CAP);
        return params;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
