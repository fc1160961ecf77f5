package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.platform.web.ApiException;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Orders under contention. Buyers run on virtual threads against the real pool: a buyer that
 * cannot get a connection in time (what a client sees as 503 + Retry-After) tries again with the
 * same idempotency key, as a well-behaved client does, so each buyer ends with exactly one answer.
 */
@IntegrationTest
class OrderConcurrencyTests {

    private static final int BUYERS = 1_000;
    private static final int STOCK = 100;
    private static final long PRICE = 1_999;

    @Autowired
    OrderService orders;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    OrderFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new OrderFixture(jdbc, tokens, generator);
    }

    @Test
    void aFlashSaleOfOneHundredUnitsToOneThousandBuyersSellsExactlyOneHundred() throws Exception {
        long product = fixture.product(PRICE, STOCK);
        List<Long> buyers = fixture.customers(BUYERS, PRICE);
        Map<Long, Long> before = balances(buyers);
        long revenueBefore = revenue();
        List<Integer> stockSeen = new ArrayList<>();
        Map<Long, String> outcome = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (long buyer : buyers) {
                done.add(threads.submit(() -> {
                    start.await();
                    String key = "flash-" + UUID.randomUUID();
                    outcome.put(buyer, withRetry(() -> {
                        try {
                            orders.place(buyer, order(product, 1), key);
                            return "bought";
                        } catch (ApiException e) {
                            return Integer.toString(e.status().value());
                        }
                    }));
                    return null;
                }));
            }
            Future<?> watcher = threads.submit(() -> {
                while (done.stream().anyMatch(f -> !f.isDone())) {
                    stockSeen.add(withRetry(() -> Integer.toString(fixture.stock(product)))
                            .transform(Integer::parseInt));
                    Thread.sleep(5);
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            watcher.get();
        }
        List<Long> winners =
                buyers.stream().filter(b -> outcome.get(b).equals("bought")).toList();
        assertThat(winners).hasSize(STOCK);
        assertThat(outcome.values()).allMatch(o -> o.equals("bought") || o.equals("409"));
        assertThat(fixture.stock(product)).isZero();
        assertThat(stockSeen).allMatch(s -> s >= 0);
        Map<Long, Long> after = balances(buyers);
        for (long buyer : buyers) {
            long expected = before.get(buyer) - (winners.contains(buyer) ? PRICE : 0);
            assertThat(after.get(buyer)).as("balance of buyer %d", buyer).isEqualTo(expected);
        }
        assertThat(jdbc.sql("""
                        select count(*) from wallet_transfers t
                          join orders o on t.reference = 'order:' || o.id
                          join order_lines l on l.order_id = o.id
                         where t.kind = 'ORDER_PAYMENT' and l.product_id = :p
                        """).param("p", product).query(Long.class).single())
                .as("one payment per order sold")
                .isEqualTo(STOCK);
        assertThat(revenue() - revenueBefore).isEqualTo(STOCK * PRICE);
        fixture.assertLedgerBalanced();
    }

    @Test
    void twoCancelsOfOneOrderRefundAndRestockOnce() throws Exception {
        long product = fixture.product(500, 1_000);
        List<Long> customers = fixture.customers(40, 10_000);
        for (long customer : customers) {
            long before = fixture.balance(customer);
            int stock = fixture.stock(product);
            long id = orders.place(customer, order(product, 3), "race-" + UUID.randomUUID())
                    .order()
                    .id();
            List<String> results = race(
                    () -> orders.cancel(customer, id).status().name(),
                    () -> orders.cancel(customer, id).status().name());
            assertThat(results).containsExactly("CANCELLED", "CANCELLED");
            assertThat(refunds(id)).isEqualTo(1);
            assertThat(fixture.balance(customer)).isEqualTo(before);
            assertThat(fixture.stock(product)).isEqualTo(stock);
        }
        fixture.assertLedgerBalanced();
    }

    @Test
    void cancelAgainstShipHasExactlyOneOutcome() throws Exception {
        long product = fixture.product(500, 1_000);
        List<Long> customers = fixture.customers(40, 10_000);
        Map<String, Integer> outcomes = new HashMap<>();
        for (long customer : customers) {
            long before = fixture.balance(customer);
            int stock = fixture.stock(product);
            long id = orders.place(customer, order(product, 2), "race-" + UUID.randomUUID())
                    .order()
                    .id();
            List<String> results = race(
                    () -> attempt(() -> orders.cancel(customer, id).status().name()),
                    () -> attempt(() -> orders.ship(id).status().name()));
            String status = jdbc.sql("select status from orders where id = :id")
                    .param("id", id)
                    .query(String.class)
                    .single();
            if (status.equals("CANCELLED")) {
                assertThat(results).containsExactly("CANCELLED", "409");
                assertThat(refunds(id)).isEqualTo(1);
                assertThat(fixture.balance(customer)).isEqualTo(before);
                assertThat(fixture.stock(product)).isEqualTo(stock);
            } else {
                assertThat(status).isEqualTo("SHIPPED");
                assertThat(results).containsExactly("409", "SHIPPED");
                assertThat(refunds(id)).isZero();
                assertThat(fixture.balance(customer)).isEqualTo(before - 1_000);
                assertThat(fixture.stock(product)).isEqualTo(stock - 2);
            }
            outcomes.merge(status, 1, Integer::sum);
        }
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(customers.size());
        fixture.assertLedgerBalanced();
    }

    private static String attempt(Supplier<String> action) {
        try {
            return action.get();
        } catch (ApiException e) {
            return Integer.toString(e.status().value());
        }
    }

    private static List<String> race(Supplier<String> first, Supplier<String> second) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> a = threads.submit(() -> {
                go.await();
                return withRetry(first);
            });
            Future<String> b = threads.submit(() -> {
                go.await();
                return withRetry(second);
            });
            go.countDown();
            return List.of(a.get(), b.get());
        }
    }

    /** A client retrying after 503 (no connection in time), with the same idempotency key. */
    private static String withRetry(Supplier<String> call) throws InterruptedException {
        while (true) {
            try {
                return call.get();
            } catch (CannotCreateTransactionException | DataAccessResourceFailureException e) {
                Thread.sleep(20);
            }
        }
    }

    private long refunds(long orderId) {
        return jdbc.sql("select count(*) from wallet_transfers where kind = 'REFUND' and reference = :r")
                .param("r", "refund:order:" + orderId)
                .query(Long.class)
                .single();
    }

    private long revenue() {
        return jdbc.sql("select sum(balance) from wallet_accounts where kind = 'ORDER_REVENUE'")
                .query(Long.class)
                .single();
    }

    private Map<Long, Long> balances(List<Long> customers) {
        Map<Long, Long> balances = new HashMap<>();
        jdbc.sql("select owner_id, balance from wallet_accounts where owner_id = any(cast(:ids as bigint[]))")
                .param("ids", OrderRepository.literal(customers.stream().mapToLong(Long::longValue)))
                .query(rs -> {
                    balances.put(rs.getLong(1), rs.getLong(2));
                });
        return balances;
    }

    private static OrderRequests.NewOrder order(long product, int quantity) {
        return new OrderRequests.NewOrder(List.of(new OrderRequests.NewOrderItem(product, quantity)));
    }
}
