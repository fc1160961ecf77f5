package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emporium.catalog.StockService;
import dev.emporium.platform.web.ApiException;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A checkout prices its lines first and takes their stock last (ADR 0021), so a price can change in
 * between. The take notices it under the row lock and the checkout runs again at the new price: an
 * order is always charged the price its product had when its stock was taken.
 */
@IntegrationTest
class OrderPricingTests {

    private static final long LOW = 1_000;
    private static final long HIGH = 1_500;

    @Autowired
    OrderService orders;

    @Autowired
    StockService stock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    @Autowired
    PlatformTransactionManager transactionManager;

    OrderFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new OrderFixture(jdbc, tokens, generator);
    }

    @Test
    void aPriceChangedAfterPricingIsNoticedWhenTheStockIsTakenAndNothingIsTaken() {
        long product = fixture.product(LOW, 10);
        List<StockService.Quantity> lines = List.of(new StockService.Quantity(product, 2));
        assertThatThrownBy(() -> new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
                    List<StockService.Priced> priced = stock.price(lines);
                    assertThat(priced)
                            .singleElement()
                            .satisfies(line -> assertThat(line.unitPrice()).isEqualTo(LOW));
                    setPrice(product, HIGH);
                    stock.take(priced);
                }))
                .isInstanceOf(StockService.PriceMoved.class);
        assertThat(fixture.stock(product)).isEqualTo(10);
    }

    @Test
    void ordersPlacedWhileThePriceMovesAreChargedThePriceTheirStockWasTakenAt() throws Exception {
        long product = fixture.product(LOW, 10_000);
        List<Long> buyers = fixture.customers(16, 20 * HIGH);
        AtomicBoolean buying = new AtomicBoolean(true);
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> changer = threads.submit(() -> {
                int changes = 0;
                while (buying.get()) {
                    setPrice(product, changes % 2 == 0 ? HIGH : LOW);
                    changes++;
                    Thread.sleep(3);
                }
                return changes;
            });
            List<Future<?>> done = new ArrayList<>();
            for (long buyer : buyers) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        try {
                            orders.place(buyer, order(product), "pricing-" + UUID.randomUUID());
                            outcomes.add("bought");
                        } catch (ApiException e) {
                            outcomes.add(
                                    e.status().value() + " " + e.properties().get("code"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            buying.set(false);
            assertThat(changer.get()).as("price changes during the checkouts").isGreaterThan(10);
        }
        assertThat(outcomes).hasSize(160).allMatch(o -> o.equals("bought") || o.equals("409 prices_changed"));
        long bought = outcomes.stream().filter("bought"::equals).count();
        assertThat(bought).isPositive();
        List<Map<String, Object>> sold =
                jdbc.sql("""
                        select o.total, l.unit_price, t.amount
                          from order_lines l
                          join orders o on o.id = l.order_id
                          join wallet_transfers t on t.kind = 'ORDER_PAYMENT' and t.reference = 'order:' || o.id
                         where l.product_id = :p
                        """).param("p", product).query().listOfRows();
        assertThat(sold).hasSize((int) bought).allSatisfy(row -> {
            assertThat((Long) row.get("unit_price")).isIn(LOW, HIGH);
            assertThat(row.get("total")).isEqualTo(row.get("unit_price"));
            assertThat(row.get("amount")).isEqualTo(row.get("total"));
        });
        assertThat(fixture.stock(product)).isEqualTo(10_000 - (int) bought);
        fixture.assertLedgerBalanced();
    }

    private void setPrice(long product, long price) {
        jdbc.sql("update products set price = :price where id = :id")
                .param("price", price)
                .param("id", product)
                .update();
    }

    private static OrderRequests.NewOrder order(long product) {
        return new OrderRequests.NewOrder(List.of(new OrderRequests.NewOrderItem(product, 1)));
    }
}
