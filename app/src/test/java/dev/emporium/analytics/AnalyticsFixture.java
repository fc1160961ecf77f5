package dev.emporium.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Orders written straight into the tables for the views to aggregate: two categories of fresh
 * products under a third, their parent (which holds no product itself), orders in two currencies, cancelled ones, lines in both categories, timestamps on day
 * boundaries. Meant for a transaction that is rolled back: the orders have no ledger transfers, so
 * they must never be committed (the order invariants would not hold).
 */
final class AnalyticsFixture {

    /** A year that no generated order reaches (the generator writes the year before today). */
    static final LocalDate YEAR = LocalDate.of(2003, 1, 1);

    private final JdbcClient jdbc;
    final long customer;
    final long parentCategory;
    final long[] categories = new long[2];
    final long[] products = new long[6];

    AnalyticsFixture(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.customer = jdbc.sql("select min(id) from users where role = 'CUSTOMER'")
                .query(Long.class)
                .single();
        String tag = Long.toString(System.nanoTime(), 36);
        parentCategory = jdbc.sql("""
                        insert into categories (name, slug, depth) values (:name, :slug, 0) returning id
                        """)
                .param("name", "Analytics " + tag)
                .param("slug", "analytics-" + tag)
                .query(Long.class)
                .single();
        for (int c = 0; c < categories.length; c++) {
            categories[c] = jdbc.sql("""
                            insert into categories (parent_id, name, slug, depth)
                            values (:parent, :name, :slug, 1) returning id
                            """)
                    .param("parent", parentCategory)
                    .param("name", "Analytics " + tag + " " + c)
                    .param("slug", "analytics-" + tag + "-" + c)
                    .query(Long.class)
                    .single();
        }
        for (int p = 0; p < products.length; p++) {
            products[p] = jdbc.sql("""
                            insert into products (sku, name, brand, category_id, price, currency, stock)
                            values (:sku, :name, 'Fixture', :category, 1000, 'EUR', 0) returning id
                            """)
                    .param("sku", "AN-" + tag + "-" + p)
                    .param("name", "Analytics product " + p)
                    .param("category", categories[p % categories.length])
                    .query(Long.class)
                    .single();
        }
    }

    /** A line: product index into {@link #products}, quantity, unit price. */
    record Line(int product, int quantity, long unitPrice) {}

    long order(Instant at, String status, String currency, List<Line> lines) {
        long total = lines.stream().mapToLong(l -> l.quantity() * l.unitPrice()).sum();
        long id = jdbc.sql("""
                        insert into orders (customer_id, status, total, currency, line_count, created_at, updated_at)
                        values (:customer, :status, :total, :currency, :lines, :at, :at) returning id
                        """)
                .param("customer", customer)
                .param("status", status)
                .param("total", Math.max(1, total))
                .param("currency", currency)
                .param("lines", lines.size())
                .param("at", java.sql.Timestamp.from(at))
                .query(Long.class)
                .single();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            jdbc.sql("""
                            insert into order_lines (order_id, line_no, product_id, quantity, unit_price)
                            values (:order, :no, :product, :quantity, :price)
                            """)
                    .param("order", id)
                    .param("no", i + 1)
                    .param("product", products[line.product()])
                    .param("quantity", line.quantity())
                    .param("price", line.unitPrice())
                    .update();
        }
        if (!status.equals("CANCELLED")) {
            // what a checkout logs for the daily sales; an order placed and then cancelled nets to nothing
            logSalesChange(id, 1);
        }
        return id;
    }

    /** Cancels an order as the order service does: status, stamp, and the daily sales' change log. */
    void cancel(long orderId) {
        jdbc.sql("update orders set status = 'CANCELLED', updated_at = now() where id = :id")
                .param("id", orderId)
                .update();
        logSalesChange(orderId, -1);
    }

    private void logSalesChange(long orderId, int sign) {
        jdbc.sql("insert into order_sales_changes (order_id, sign) values (:id, :sign)")
                .param("id", orderId)
                .param("sign", sign)
                .update();
    }

    /**
     * Random orders over {@link #YEAR} and over the last 40 days (so some fall outside the 30-day
     * window), with big quantities and prices so the fixture's products top every ranking, plus the
     * edge cases: the first and last instant of a day, a cancelled order, a product twice in one order.
     */
    void load(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant yearStart = YEAR.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant now = Instant.now();
        for (int i = 0; i < 300; i++) {
            Instant at = i % 2 == 0
                    ? yearStart.plusSeconds(random.nextLong(365L * 86_400))
                    : now.minusSeconds(3_600 + random.nextLong(40L * 86_400));
            String status = random.nextInt(10) == 0 ? "CANCELLED" : random.nextBoolean() ? "PLACED" : "SHIPPED";
            String currency = random.nextInt(4) == 0 ? "USD" : "EUR";
            List<Line> lines = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int l = 0; l < count; l++) {
                lines.add(new Line(
                        random.nextInt(products.length), 1_000 + random.nextInt(500), 100_000 + random.nextInt(900)));
            }
            order(at, status, currency, lines);
        }
        Instant day = LocalDate.of(2003, 3, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        order(day, "PLACED", "EUR", List.of(new Line(0, 2_000, 100_000), new Line(0, 1_000, 100_000)));
        order(day.minusMillis(1), "SHIPPED", "EUR", List.of(new Line(1, 1_500, 100_500), new Line(2, 1_200, 100_100)));
        order(day.plusSeconds(60), "CANCELLED", "EUR", List.of(new Line(3, 9_000, 900_000)));
    }
}
