package dev.emporium.analytics;

import dev.emporium.platform.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The dashboard's reads: validate the request, read one view by its index (one statement), shape the
 * answer. Nothing here counts or sums rows of the source tables; the views did that off the request
 * path.
 */
@Service
class AnalyticsService {

    /** The longest daily range one request may ask for: a year, leap day included. */
    static final int MAX_DAYS = 366;

    /** The default daily range: the last 30 days, today (UTC) included. */
    static final int DEFAULT_DAYS = 30;

    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 100;

    private static final Logger log = LoggerFactory.getLogger(AnalyticsService.class);

    private final AnalyticsRepository analytics;

    AnalyticsService(AnalyticsRepository analytics) {
        this.analytics = analytics;
    }

    DashboardStats dashboard() {
        Instant asOf = Instant.EPOCH;
        long products = 0;
        long categories = 0;
        long customers = 0;
        long scansLastHour = 0;
        Map<String, long[]> today = new TreeMap<>();
        Map<String, Long> parcels = new TreeMap<>();
        for (AnalyticsRepository.Counter c : analytics.dashboard()) {
            asOf = c.asOf().isAfter(asOf) ? c.asOf() : asOf;
            switch (c.metric()) {
                case "products" -> products = c.value();
                case "categories" -> categories = c.value();
                case "customers" -> customers = c.value();
                case "scans_last_hour" -> scansLastHour = c.value();
                case "orders_today" -> today.computeIfAbsent(c.key(), k -> new long[2])[0] = c.value();
                case "revenue_today" -> today.computeIfAbsent(c.key(), k -> new long[2])[1] = c.value();
                case "parcels" -> parcels.put(c.key(), c.value());
                default -> log.warn("Unknown dashboard metric {}", c.metric());
            }
        }
        List<DashboardStats.CurrencySales> sales = new ArrayList<>();
        long ordersToday = 0;
        for (Map.Entry<String, long[]> e : today.entrySet()) {
            sales.add(new DashboardStats.CurrencySales(e.getKey(), e.getValue()[0], e.getValue()[1]));
            ordersToday += e.getValue()[0];
        }
        List<DashboardStats.ParcelCount> byStatus = parcels.entrySet().stream()
                .map(e -> new DashboardStats.ParcelCount(e.getKey(), e.getValue()))
                .toList();
        return new DashboardStats(
                asOf, products, categories, customers, ordersToday, List.copyOf(sales), byStatus, scansLastHour);
    }

    DailySales dailySales(@Nullable String from, @Nullable String to, @Nullable Long category) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate last = to == null ? today : date("to", to);
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (first.isAfter(last)) {
            throw ApiException.badRequest("from", "must not be after to (" + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw ApiException.badRequest("to", "the range may span at most " + MAX_DAYS + " days");
        }
        if (category != null && category < 1) {
            throw ApiException.badRequest("category", "must be a category id (1 or more)");
        }
        List<AnalyticsRepository.DayRow> rows = analytics.dailySales(category == null ? 0 : category, first, last);
        Instant asOf = rows.stream()
                .map(AnalyticsRepository.DayRow::asOf)
                .max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
        List<DailySales.Day> days = new ArrayList<>();
        for (AnalyticsRepository.DayRow row : rows) {
            LocalDate day = row.day();
            if (day != null) {
                days.add(new DailySales.Day(day, row.currency(), row.orders(), row.units(), row.revenue()));
            }
        }
        return new DailySales(asOf, first, last, category, List.copyOf(days));
    }

    TopProducts topProducts(@Nullable String by, @Nullable Integer limit) {
        TopProducts.Order order = order(by);
        int size = limit == null ? DEFAULT_TOP : limit;
        if (size < 1 || size > MAX_TOP) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_TOP);
        }
        List<AnalyticsRepository.ProductRow> rows = analytics.topProducts(order, size);
        Instant asOf = rows.isEmpty() ? Instant.EPOCH : rows.getFirst().asOf();
        List<TopProducts.Item> items = rows.stream()
                .filter(r -> r.productId() != 0)
                .map(r -> new TopProducts.Item(
                        r.productId(),
                        r.sku(),
                        r.name(),
                        r.categoryId(),
                        r.currency(),
                        r.orders(),
                        r.units(),
                        r.revenue()))
                .toList();
        return new TopProducts(asOf, TopProducts.DAYS, order.name().toLowerCase(Locale.ROOT), size, items);
    }

    private static TopProducts.Order order(@Nullable String by) {
        if (by == null || by.equals("units")) {
            return TopProducts.Order.UNITS;
        }
        if (by.equals("revenue")) {
            return TopProducts.Order.REVENUE;
        }
        throw ApiException.badRequest("by", "must be units or revenue");
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, "must be a date (yyyy-MM-dd)");
        }
    }
}
