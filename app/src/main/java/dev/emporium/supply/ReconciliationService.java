package dev.emporium.supply;

import dev.emporium.platform.db.QueryClass;
import dev.emporium.platform.db.StatementTimeouts;
import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Delivered against paid value per supplier; the work is one statement ({@link ReconciliationRepository}). */
@Service
class ReconciliationService {

    /**
     * A window longer than this is refused: the statement reads every delivery in it. Up to a quarter
     * it stays on the covering indexes at scale 1 (SupplyQueryPlanTests); a year reads half of the
     * scale-1 history, where a parallel sequential scan is an equally good plan. A yearly
     * reconciliation is the longest the business asks for, and it is an admin report, not a hot path.
     */
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    private final ReconciliationRepository reconciliation;
    private final StatementTimeouts timeouts;

    ReconciliationService(ReconciliationRepository reconciliation, StatementTimeouts timeouts) {
        this.reconciliation = reconciliation;
        this.timeouts = timeouts;
    }

    @Transactional(readOnly = true)
    Reconciliation reconcile(
            @Nullable String from,
            @Nullable String to,
            @Nullable Long threshold,
            @Nullable Integer limit,
            @Nullable String cursor) {
        if (from == null || from.isBlank()) {
            throw ApiException.badRequest("from", "is required (an ISO-8601 instant or a date)");
        }
        if (to == null || to.isBlank()) {
            throw ApiException.badRequest("to", "is required (an ISO-8601 instant or a date, inclusive)");
        }
        Instant start = DeliveryService.instant("from", from, false);
        Instant end = DeliveryService.instant("to", to, true);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("to", "the window may span at most " + MAX_WINDOW.toDays() + " days");
        }
        long minimum = threshold == null ? 0 : threshold;
        if (minimum < 0) {
            throw ApiException.badRequest("threshold", "must not be negative");
        }
        int size = Limits.limit(limit);
        long[] after = cursor == null ? new long[] {Long.MAX_VALUE, 0} : decode(cursor);
        // a year of deliveries is an admin report, not a request-path read: the report class's bound
        timeouts.apply(QueryClass.REPORT);
        List<ReconciliationRepository.Row> rows = reconciliation.page(
                DeliveryQuery.utc(start), DeliveryQuery.utc(end), minimum, after[0], after[1], size + 1);
        boolean more = rows.size() > size;
        List<ReconciliationLine> items = rows.stream()
                .limit(size)
                .map(ReconciliationRepository.Row::line)
                .toList();
        long total = rows.isEmpty() ? 0 : rows.getFirst().total();
        String next = null;
        if (more) {
            ReconciliationLine last = items.getLast();
            next = encode(Math.abs(last.variance()), last.supplierId());
        }
        return new Reconciliation(start, end, minimum, items, size, 0, total, true, next);
    }

    private static String encode(long magnitude, long supplierId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((magnitude + "|" + supplierId).getBytes(StandardCharsets.UTF_8));
    }

    private static long[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 2) {
                long magnitude = Long.parseLong(parts[0]);
                long id = Long.parseLong(parts[1]);
                if (magnitude >= 0 && id >= 0) {
                    return new long[] {magnitude, id};
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest("cursor", "is not a cursor returned by this report");
    }
}
