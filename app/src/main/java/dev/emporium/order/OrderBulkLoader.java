package dev.emporium.order;

import dev.emporium.platform.db.BulkCopy;
import dev.emporium.wallet.OrderPaymentBulkLoader;
import dev.emporium.wallet.OrderPaymentBulkLoader.CustomerWallets;
import dev.emporium.wallet.OrderPaymentBulkLoader.Kind;
import dev.emporium.wallet.OrderPaymentBulkLoader.Movement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Generated order history for the data generator ({@link OrderSimulation} says what it looks like),
 * loaded with {@code COPY} and consistent with the rest of the data set:
 * <ul>
 *   <li>Ledger: every order's payment is an {@code ORDER_PAYMENT} transfer ({@code order:ID}) with
 *       its entries and audit row, every cancelled order also has its {@code REFUND}, and customers
 *       who could not afford an order got a top-up deposit first, all posted through
 *       {@link OrderPaymentBulkLoader}: balances equal their entries and none is negative, so the
 *       admin ledger verification passes on a generated set.</li>
 *   <li>Stock: a product's {@code stock} is what is left after the generated history (the history
 *       was sold from stock delivered before it), so no stock needs moving and nothing is
 *       oversold; lines point at active products in the wallet's currency, priced as they are now.</li>
 * </ul>
 * Deterministic: the same products, customers and seed give the same orders (timestamps anchored
 * to the start of the current day). Progress is logged by {@link BulkCopy}.
 */
@Component
public class OrderBulkLoader {

    private static final Logger log = LoggerFactory.getLogger(OrderBulkLoader.class);

    private static final String PRODUCTS = """
            select id, price
              from products
             where active and currency = :currency and price > 0
             order by popularity desc, id
            """;

    /** Past every order id, including ids the ledger remembers from orders since truncated with the catalog. */
    private static final String LAST_ORDER_ID = """
            select greatest((select coalesce(max(id), 0) from orders),
                            (select coalesce(max(cast(substr(reference, 7) as bigint)), 0)
                               from wallet_transfers
                              where kind = 'ORDER_PAYMENT' and reference ~ '^order:[0-9]+$'))
            """;

    private final BulkCopy copy;
    private final JdbcClient jdbc;
    private final OrderPaymentBulkLoader ledger;

    OrderBulkLoader(BulkCopy copy, JdbcClient jdbc, OrderPaymentBulkLoader ledger) {
        this.copy = copy;
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** Generates {@code count} orders with their payments; answers how many it loaded. */
    public long generate(long count, long seed, Instant anchor, String defaultCurrency) {
        long started = System.nanoTime();
        CustomerWallets wallets = ledger.customerWallets(defaultCurrency);
        List<long[]> rows = jdbc.sql(PRODUCTS)
                .param("currency", wallets.currency())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list();
        if (count <= 0 || rows.isEmpty() || wallets.ownerIds().length == 0) {
            log.info("orders: none generated (no products or no customers)");
            return 0;
        }
        long[] productIds = rows.stream().mapToLong(r -> r[0]).toArray();
        long[] prices = rows.stream().mapToLong(r -> r[1]).toArray();
        long firstId = jdbc.sql(LAST_ORDER_ID).query((rs, n) -> rs.getLong(1)).single() + 1;
        java.util.function.Supplier<OrderSimulation> simulation =
                () -> new OrderSimulation(count, firstId, prices, wallets, anchor, seed);

        long lines = 0;
        long movements = 0;
        for (OrderSimulation s = simulation.get(); s.hasNext(); ) {
            OrderSimulation.Generated o = s.next();
            lines += o.lines();
            movements += 1 + (o.topUp() > 0 ? 1 : 0) + (o.status() == OrderStatus.CANCELLED ? 1 : 0);
        }
        log.info("orders: generating {} orders with {} lines and {} ledger movements", count, lines, movements);
        boolean large = count >= 50_000;
        OrderSimulation forOrders = simulation.get();
        copy.copy(
                "orders",
                List.of("id", "customer_id", "status", "total", "currency", "line_count", "created_at", "updated_at"),
                count,
                large,
                (i, row) -> {
                    OrderSimulation.Generated o = forOrders.next();
                    row.add(o.id())
                            .add(wallets.ownerIds()[o.customer()])
                            .add(o.status().name())
                            .add(o.total())
                            .add(wallets.currency())
                            .add(o.lines())
                            .add(o.createdAt().toString())
                            .add(o.updatedAt().toString());
                });
        OrderSimulation forLines = simulation.get();
        OrderSimulation.Generated[] current = new OrderSimulation.Generated[1];
        int[] line = {0};
        copy.copy(
                "order_lines",
                List.of("order_id", "line_no", "product_id", "quantity", "unit_price"),
                lines,
                large,
                (i, row) -> {
                    if (current[0] == null || line[0] == current[0].lines()) {
                        current[0] = forLines.next();
                        line[0] = 0;
                    }
                    OrderSimulation.Generated o = current[0];
                    int l = line[0]++;
                    row.add(o.id())
                            .add(l + 1)
                            .add(productIds[o.products()[l]])
                            .add(o.quantities()[l])
                            .add(prices[o.products()[l]]);
                });
        ledger.post(wallets, movements, () -> movements(simulation.get()));
        jdbc.sql("select setval(pg_get_serial_sequence('orders', 'id'), :max)")
                .param("max", firstId + count - 1)
                .query((rs, n) -> rs.getLong(1))
                .single();
        log.info(
                "orders: {} orders, {} lines, {} ledger movements loaded in {} s",
                count,
                lines,
                movements,
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return count;
    }

    /** Each order's movements in ledger order: its top-up, its payment, its refund. */
    private static Iterator<Movement> movements(OrderSimulation orders) {
        return new Iterator<>() {
            private final List<Movement> pending = new ArrayList<>(3);

            @Override
            public boolean hasNext() {
                return !pending.isEmpty() || orders.hasNext();
            }

            @Override
            public Movement next() {
                if (pending.isEmpty()) {
                    if (!orders.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    OrderSimulation.Generated o = orders.next();
                    if (o.topUp() > 0) {
                        pending.add(new Movement(
                                Kind.DEPOSIT,
                                o.customer(),
                                o.topUp(),
                                "top-up",
                                o.createdAt().minus(Duration.ofSeconds(1))));
                    }
                    pending.add(new Movement(
                            Kind.ORDER_PAYMENT, o.customer(), o.total(), "order:" + o.id(), o.createdAt()));
                    if (o.status() == OrderStatus.CANCELLED) {
                        pending.add(new Movement(
                                Kind.REFUND, o.customer(), o.total(), "refund:order:" + o.id(), o.updatedAt()));
                    }
                }
                return pending.removeFirst();
            }
        };
    }
}
