package dev.emporium.supply;

import dev.emporium.catalog.StockReceiving;
import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import dev.emporium.wallet.IdempotencyKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deliveries: each adds its quantity to the product's stock in the same transaction
 * ({@link StockReceiving}), so a delivery exists exactly when its stock does. An import is all or
 * nothing: every line is checked first (syntax and bounds per line, then suppliers and products for
 * all lines in two statements), and only a file without a single error is written, in one
 * transaction of three statements whatever its length (the deliveries, the stock, nothing else).
 *
 * <h2>A retried delivery adds its stock once</h2>
 * {@link #create} requires an {@code Idempotency-Key}, kept in the wallet's key store ({@link IdempotencyKeys},
 * scoped to the calling admin) with the same rules as transfers, payouts and orders: the key is claimed by
 * the first statement of the transaction and completed with the delivery's id by the last, so it exists
 * exactly when the delivery and its stock do. The same key with the same body answers the first delivery
 * again and changes nothing; with a different body it is 422 {@code idempotency_key_reused}; two
 * concurrent requests with one key: the second waits for the first and then answers its delivery. A
 * request that fails (400, 422) rolls its claim back, so the key may be used again once it is fixed. The
 * fingerprint takes {@code receivedAt} as sent (absent stays absent), so a retry of a delivery without
 * one matches even though "now" has moved on.
 */
@Service
class DeliveryService {

    static final int EXACT_COUNT_CAP = 10_000;
    /** A problem body names at most this many lines; the detail says how many there were. */
    static final int MAX_REPORTED_ERRORS = 100;

    private final DeliveryRepository deliveries;
    private final SupplierRepository suppliers;
    private final StockReceiving stock;

    private final IdempotencyKeys keys;

    DeliveryService(
            DeliveryRepository deliveries, SupplierRepository suppliers, StockReceiving stock, IdempotencyKeys keys) {
        this.deliveries = deliveries;
        this.suppliers = suppliers;
        this.stock = stock;
        this.keys = keys;
    }

    /** A delivery and whether it answers an earlier request with the same key. */
    record Recorded(Delivery delivery, boolean replayed) {}

    @Transactional
    Recorded create(long adminId, NewDelivery request, @Nullable String key) {
        String idempotencyKey = IdempotencyKeys.requireKey(key);
        byte[] fingerprint = IdempotencyKeys.fingerprint(
                "delivery",
                request.supplierId(),
                request.productId(),
                request.quantity(),
                request.unitCost(),
                request.receivedAt());
        OptionalLong earlier = keys.claim(adminId, idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return new Recorded(get(earlier.getAsLong()), true);
        }
        Delivery delivery = record(request);
        keys.complete(adminId, idempotencyKey, delivery.id());
        return new Recorded(delivery, false);
    }

    private Delivery record(NewDelivery request) {
        Instant now = Instant.now();
        Instant receivedAt = request.receivedAt() == null ? now : request.receivedAt();
        String problem = DeliveryRules.receivedAtProblem(receivedAt, now);
        if (problem != null) {
            throw ApiException.badRequest("receivedAt", problem);
        }
        Boolean active = suppliers.activeAmong(List.of(request.supplierId())).get(request.supplierId());
        if (active == null) {
            throw ApiException.badRequest("supplierId", "no supplier with id " + request.supplierId());
        }
        if (!active) {
            throw ApiException.unprocessable(
                    "Supplier " + request.supplierId() + " is inactive", Map.of("code", "supplier_inactive"));
        }
        if (stock.existing(Set.of(request.productId())).isEmpty()) {
            throw ApiException.badRequest("productId", "no product with id " + request.productId());
        }
        Delivery delivery = deliveries.insert(request, DeliveryQuery.utc(receivedAt));
        stock.receive(Map.of(request.productId(), request.quantity()));
        return delivery;
    }

    Delivery get(long id) {
        return deliveries.byId(id).orElseThrow(() -> ApiException.notFound("No delivery with id " + id));
    }

    PageResponse<Delivery> list(
            @Nullable Long supplierId,
            @Nullable Long productId,
            @Nullable String from,
            @Nullable String to,
            @Nullable Integer limit,
            @Nullable String cursor) {
        int size = Limits.limit(limit);
        Instant start = from == null ? null : instant("from", from, false);
        Instant end = to == null ? null : instant("to", to, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.badRequest("from", "must be before to");
        }
        DeliveryQuery.Filter filter = new DeliveryQuery.Filter(
                positive("supplierId", supplierId),
                positive("productId", productId),
                start,
                end,
                cursor == null ? null : DeliveryCursor.decode(cursor),
                size);
        List<Delivery> rows = deliveries.page(filter);
        boolean more = rows.size() > size;
        List<Delivery> items = more ? rows.subList(0, size) : rows;
        String next = null;
        if (more) {
            Delivery last = items.getLast();
            next = new DeliveryCursor(last.receivedAt(), last.id()).encode();
        }
        long counted = deliveries.countCapped(filter, EXACT_COUNT_CAP);
        return new PageResponse<>(
                List.copyOf(items), size, 0, Math.min(counted, EXACT_COUNT_CAP), counted <= EXACT_COUNT_CAP, next);
    }

    @Transactional
    DeliveryImport importCsv(String body) {
        DeliveryCsv.Parsed parsed = DeliveryCsv.parse(body, Instant.now());
        Map<Integer, String> errors = new TreeMap<>(parsed.errors());
        List<DeliveryCsv.Line> lines = parsed.lines();
        if (!lines.isEmpty()) {
            checkReferences(lines, errors);
        }
        if (!errors.isEmpty()) {
            throw invalidImport(errors, lines.size() + parsed.errors().size());
        }
        deliveries.insertMany(lines);
        Map<Long, Integer> quantities = new HashMap<>();
        long value = 0;
        Instant first = lines.getFirst().receivedAt();
        Instant last = first;
        for (DeliveryCsv.Line line : lines) {
            quantities.merge(line.productId(), line.quantity(), DeliveryService::addQuantities);
            value += line.value();
            first = line.receivedAt().isBefore(first) ? line.receivedAt() : first;
            last = line.receivedAt().isAfter(last) ? line.receivedAt() : last;
        }
        stock.receive(quantities);
        return new DeliveryImport(lines.size(), quantities.size(), value, first, last);
    }

    /** Unknown or inactive suppliers and unknown products, each reported on every line that names it. */
    private void checkReferences(List<DeliveryCsv.Line> lines, Map<Integer, String> errors) {
        Set<Long> supplierIds = new LinkedHashSet<>();
        Set<Long> productIds = new LinkedHashSet<>();
        lines.forEach(l -> {
            supplierIds.add(l.supplierId());
            productIds.add(l.productId());
        });
        Map<Long, Boolean> known = suppliers.activeAmong(List.copyOf(supplierIds));
        Set<Long> products = stock.existing(productIds);
        for (DeliveryCsv.Line line : lines) {
            Boolean active = known.get(line.supplierId());
            String problem = active == null
                    ? "supplier_id: no supplier with id " + line.supplierId()
                    : !active ? "supplier_id: supplier " + line.supplierId() + " is inactive" : null;
            if (!products.contains(line.productId())) {
                String missing = "product_id: no product with id " + line.productId();
                problem = problem == null ? missing : problem + "; " + missing;
            }
            if (problem != null) {
                errors.put(line.number(), problem);
            }
        }
    }

    private static ApiException invalidImport(Map<Integer, String> errors, int lines) {
        Map<String, String> reported = new LinkedHashMap<>();
        errors.entrySet().stream()
                .limit(MAX_REPORTED_ERRORS)
                .forEach(e -> reported.put("line " + e.getKey(), e.getValue()));
        String shown = errors.size() > MAX_REPORTED_ERRORS ? " (the first " + MAX_REPORTED_ERRORS + " are listed)" : "";
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "Invalid import",
                errors.size() + " of " + Math.max(lines, errors.size()) + " lines are invalid" + shown
                        + "; nothing was imported",
                reported);
    }

    /** Stock quantities are ints; a sum that would not fit is left to the stock update to refuse. */
    private static Integer addQuantities(Integer a, Integer b) {
        return (int) Math.min(Integer.MAX_VALUE, (long) a + b);
    }

    private static @Nullable Long positive(String name, @Nullable Long id) {
        if (id != null && id < 1) {
            throw ApiException.badRequest(name, "must be at least 1");
        }
        return id;
    }

    /** A date as {@code to} means the end of that day (inclusive); an instant is taken as it is. */
    static Instant instant(String name, String text, boolean endOfDay) {
        try {
            Instant at = DeliveryRules.parseInstant(text.strip());
            return endOfDay && text.strip().length() == 10 ? at.plusSeconds(86_400) : at;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, String.valueOf(e.getMessage()));
        }
    }
}
