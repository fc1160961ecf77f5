package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.platform.db.MaterializedViewRefresher;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;

/**
 * Checkouts and cancellations log their order for the daily sales (ADR 0022), and one round applies the
 * log: after real placements and a cancellation through {@link OrderService}, today's row over all
 * categories equals a brute-force sum of today's orders that are not cancelled.
 */
@IntegrationTest
class OrderSalesChangesTests {

    private static final String DAILY_SALES = "analytics_daily_sales";

    @Autowired
    OrderService orders;

    @Autowired
    MaterializedViewRefresher refresher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    @Test
    void aRoundAfterCheckoutsAndACancellationAddsUpToTodaysOrders() throws InterruptedException {
        OrderFixture fixture = new OrderFixture(jdbc, tokens, generator);
        long product = fixture.product(1_250, 100);
        List<Long> buyers = fixture.customers(3, 10_000);
        // a known starting point: every day recomputed, whatever earlier tests wrote straight to the tables
        refresher.refreshNow(DAILY_SALES);
        long[] placed = new long[buyers.size()];
        for (int i = 0; i < buyers.size(); i++) {
            placed[i] = orders.place(buyers.get(i), order(product, i + 1), "sales-" + UUID.randomUUID())
                    .order()
                    .id();
        }
        orders.cancel(buyers.get(1), placed[1]);

        // a scheduled round holding the lock applies the same log; then this one finds it empty
        for (int attempt = 0; attempt < 50 && !refresher.refresh(DAILY_SALES); attempt++) {
            Thread.sleep(100);
        }

        assertThat(todayFromTheTable())
                .as("today over all categories after one round")
                .containsExactly(todayByBruteForce());
        assertThat(jdbc.sql("select count(*) from order_sales_changes where order_id = any(cast(:ids as bigint[]))")
                        .param("ids", OrderRepository.literal(java.util.Arrays.stream(placed)))
                        .query(Long.class)
                        .single())
                .as("the round consumed what it applied")
                .isZero();
    }

    private long[] todayFromTheTable() {
        return jdbc.sql("""
                        select orders, units, revenue from analytics_daily_sales
                         where category_id = 0 and currency = 'EUR' and day = :day
                        """)
                .param("day", LocalDate.now(ZoneOffset.UTC))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .single();
    }

    private long[] todayByBruteForce() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return jdbc.sql("""
                        select count(distinct o.id), sum(l.quantity), sum(l.quantity::bigint * l.unit_price)
                          from orders o
                          join order_lines l on l.order_id = o.id
                         where o.status <> 'CANCELLED' and o.currency = 'EUR'
                           and o.created_at >= :start and o.created_at < :end
                        """)
                .param(
                        "start",
                        java.sql.Timestamp.from(
                                today.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .param(
                        "end",
                        java.sql.Timestamp.from(
                                today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .single();
    }

    private static OrderRequests.NewOrder order(long product, int quantity) {
        return new OrderRequests.NewOrder(List.of(new OrderRequests.NewOrderItem(product, quantity)));
    }
}
