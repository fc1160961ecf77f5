package dev.emporium.order;

import dev.emporium.wallet.OrderPaymentBulkLoader.CustomerWallets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The deterministic sequence of generated orders behind {@link OrderBulkLoader}: the same inputs
 * and seed give the same orders, so the loader can replay it once per table instead of holding two
 * million orders in memory.
 *
 * <p>Shape: customers chosen uniformly; 1 to 5 lines (3 on average) of distinct active products
 * with a heavy head (rank = n·u³ over products by popularity, so the most popular 1% of products
 * take about a fifth of the lines); quantity 1 (70%), 2 (20%) or 3; creation times evenly spread,
 * in id order, over the 365 days before the anchor. 4% are cancelled an hour later, the rest older
 * than three days have shipped, the newest are still placed. A customer whose balance would not
 * cover an order first gets a top-up deposit, so no balance ever goes below zero.
 */
final class OrderSimulation implements Iterator<OrderSimulation.Generated> {

    static final Duration SPAN = Duration.ofDays(365);
    static final int MAX_LINES = 5;

    /** One generated order; {@code topUp} is the deposit made just before it (0 for none). */
    record Generated(
            long id,
            int customer,
            OrderStatus status,
            long total,
            Instant createdAt,
            Instant updatedAt,
            int lines,
            int[] products,
            int[] quantities,
            long topUp) {}

    private final long orders;
    private final long firstId;
    private final long[] prices;
    private final long[] balances;
    private final Instant anchor;
    private final long stepMicros;
    private final SplittableRandom random;
    private long k;

    OrderSimulation(long orders, long firstId, long[] prices, CustomerWallets wallets, Instant anchor, long seed) {
        this.orders = orders;
        this.firstId = firstId;
        this.prices = prices;
        this.balances = wallets.balances().clone();
        this.anchor = anchor;
        this.stepMicros = Math.max(1, SPAN.toNanos() / 1_000 / Math.max(1, orders));
        this.random = new SplittableRandom(seed ^ 0x0bde_7ed5L);
    }

    @Override
    public boolean hasNext() {
        return k < orders;
    }

    @Override
    public Generated next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long id = firstId + k;
        int customer = random.nextInt(balances.length);
        int lines = 1 + random.nextInt(MAX_LINES);
        int[] products = new int[lines];
        int[] quantities = new int[lines];
        long total = 0;
        for (int i = 0; i < lines; i++) {
            int product;
            boolean repeated;
            do {
                double u = random.nextDouble();
                product = (int) Math.min(prices.length - 1, (long) (prices.length * u * u * u));
                repeated = false;
                for (int j = 0; j < i; j++) {
                    repeated |= products[j] == product;
                }
            } while (repeated);
            int roll = random.nextInt(10);
            products[i] = product;
            quantities[i] = roll < 7 ? 1 : roll < 9 ? 2 : 3;
            total += prices[product] * quantities[i];
        }
        Instant createdAt =
                anchor.minus(SPAN).plus(Duration.ofNanos((k * stepMicros + random.nextLong(stepMicros)) * 1_000));
        boolean cancelled = random.nextInt(100) < 4;
        OrderStatus status = cancelled
                ? OrderStatus.CANCELLED
                : createdAt.isBefore(anchor.minus(Duration.ofDays(3))) ? OrderStatus.SHIPPED : OrderStatus.PLACED;
        Instant updatedAt = switch (status) {
            case CANCELLED -> createdAt.plus(Duration.ofHours(1));
            case SHIPPED -> createdAt.plus(Duration.ofDays(1));
            case PLACED -> createdAt;
        };
        long topUp = 0;
        if (balances[customer] < total) {
            topUp = total - balances[customer] + 20_000 + random.nextLong(80_000);
        }
        balances[customer] += topUp - total + (cancelled ? total : 0);
        k++;
        return new Generated(id, customer, status, total, createdAt, updatedAt, lines, products, quantities, topUp);
    }
}
