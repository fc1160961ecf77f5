package dev.emporium.seed;

import dev.emporium.platform.db.StatementTimeouts;
import dev.emporium.supply.SupplyBulkLoader;
import dev.emporium.wallet.SupplierLedger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Generates suppliers, two years of deliveries and the monthly payouts for them, deterministically
 * from a seed:
 * <ul>
 *   <li>one supplier per 200 products and one delivery per 5 (scale 1: 5,000 and 200,000);</li>
 *   <li>deliveries go to suppliers by Zipf(0.8) (a few large suppliers), to products uniformly,
 *       received at uniformly random times over the 730 days before the anchor day; quantities
 *       10–500, unit costs log-normal around 15.00;</li>
 *   <li>each supplier is paid once a month, on the 5th, for what it delivered the month before: 85%
 *       of suppliers are paid exactly, 10% short (70–99%), 5% too much (101–120%); the current
 *       month is not paid yet. So a reconciliation finds a realistic minority over a threshold.</li>
 * </ul>
 * Delivery {@code i} depends only on the seed and {@code i}.
 */
@Component
public class SupplyGenerator {

    private static final Logger log = LoggerFactory.getLogger(SupplyGenerator.class);
    private static final long WINDOW_SECONDS = 730L * 86_400;

    private final SupplyBulkLoader loader;
    private final SupplierLedger ledger;
    private final StatementTimeouts timeouts;

    SupplyGenerator(SupplyBulkLoader loader, SupplierLedger ledger, StatementTimeouts timeouts) {
        this.loader = loader;
        this.ledger = ledger;
        this.timeouts = timeouts;
    }

    /** The supply data that goes with a catalog of {@code size}. */
    void generate(DataSetSize size, long seed) {
        int suppliers = (int) Math.max(10, size.products() / 200);
        long deliveries = size.products() / 5;
        generate(suppliers, deliveries, size.products(), seed);
    }

    /** {@code deliveries} deliveries of products 1..{@code products} from {@code suppliers} new suppliers. */
    public void generate(int suppliers, long deliveries, long products, long seed) {
        timeouts.unbounded(() -> load(suppliers, deliveries, products, seed));
    }

    private void load(int suppliers, long deliveries, long products, long seed) {
        long started = System.nanoTime();
        String currency = ledger.defaultCurrency();
        Instant anchor =
                LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Long> ids = loader.copySuppliers(
                        suppliers, "Supplier", currency, anchor.minusSeconds(WINDOW_SECONDS + 86_400))
                .ids();
        int n = Math.toIntExact(deliveries);
        int[] supplierOf = new int[n];
        long[] productOf = new long[n];
        int[] quantityOf = new int[n];
        long[] unitCostOf = new long[n];
        long[] receivedAtOf = new long[n];
        Zipf zipf = new Zipf(suppliers, 0.8);
        for (int i = 0; i < n; i++) {
            SplittableRandom random = new SplittableRandom(seed * 131 + i);
            supplierOf[i] = zipf.next(random);
            productOf[i] = 1 + random.nextLong(products);
            quantityOf[i] = 10 * (1 + random.nextInt(50));
            unitCostOf[i] =
                    Math.clamp(Math.round(Math.exp(Math.log(1_500) + 0.9 * random.nextGaussian())), 1L, 10_000_000L);
            receivedAtOf[i] = anchor.getEpochSecond() - 1 - random.nextLong(WINDOW_SECONDS);
        }
        loader.copyDeliveries(n, (i, row) -> {
            int k = (int) i;
            String at = SupplyBulkLoader.timestamp(Instant.ofEpochSecond(receivedAtOf[k]));
            row.add(ids.get(supplierOf[k]))
                    .add(productOf[k])
                    .add(quantityOf[k])
                    .add(unitCostOf[k])
                    .add(at)
                    .add(at);
        });
        List<SupplyBulkLoader.PlannedPayout> payouts =
                payouts(ids, supplierOf, quantityOf, unitCostOf, receivedAtOf, anchor, seed);
        loader.postPayouts(currency, payouts);
        log.info(
                "supply: {} suppliers, {} deliveries, {} payouts through the ledger in {} s",
                suppliers,
                n,
                payouts.size(),
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }

    private static List<SupplyBulkLoader.PlannedPayout> payouts(
            List<Long> ids,
            int[] supplierOf,
            int[] quantityOf,
            long[] unitCostOf,
            long[] receivedAtOf,
            Instant anchor,
            long seed) {
        Map<Long, Long> owed = new HashMap<>();
        for (int i = 0; i < supplierOf.length; i++) {
            YearMonth month =
                    YearMonth.from(Instant.ofEpochSecond(receivedAtOf[i]).atZone(ZoneOffset.UTC));
            long key = (long) supplierOf[i] << 32 | (month.getYear() * 12L + month.getMonthValue() - 1);
            owed.merge(key, quantityOf[i] * unitCostOf[i], Long::sum);
        }
        List<SupplyBulkLoader.PlannedPayout> payouts = new ArrayList<>(owed.size());
        owed.forEach((key, value) -> {
            int supplier = (int) (key >>> 32);
            int monthIndex = (int) (key & 0xffff_ffffL);
            YearMonth month = YearMonth.of(monthIndex / 12, monthIndex % 12 + 1);
            Instant paidAt = month.plusMonths(1).atDay(5).atTime(10, 0).toInstant(ZoneOffset.UTC);
            if (!paidAt.isBefore(anchor)) {
                return;
            }
            long amount = Math.max(1, Math.round(value * factor(supplier, monthIndex, seed)));
            payouts.add(new SupplyBulkLoader.PlannedPayout(ids.get(supplier), amount, paidAt));
        });
        payouts.sort(Comparator.comparing(SupplyBulkLoader.PlannedPayout::paidAt)
                .thenComparing(SupplyBulkLoader.PlannedPayout::supplierId));
        return payouts;
    }

    /** How much of what it is owed a supplier gets paid: its habit, then that month's deviation. */
    private static double factor(int supplier, int month, long seed) {
        int habit = new SplittableRandom(seed ^ (0x5a11L * (supplier + 1))).nextInt(100);
        SplittableRandom monthly = new SplittableRandom(seed * 7919 + supplier * 1_000_003L + month);
        if (habit < 85) {
            return 1.0;
        }
        return habit < 95 ? 0.70 + 0.29 * monthly.nextDouble() : 1.01 + 0.19 * monthly.nextDouble();
    }
}
