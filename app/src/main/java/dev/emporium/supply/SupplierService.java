package dev.emporium.supply;

import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import dev.emporium.wallet.SupplierLedger;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Supplier administration: a supplier and its ledger account are created together. */
@Service
class SupplierService {

    /** Supplier list totals are exact up to this many; beyond it the bound is reported with {@code totalExact: false}. */
    static final int EXACT_COUNT_CAP = 10_000;

    private final SupplierRepository suppliers;
    private final SupplierLedger ledger;

    SupplierService(SupplierRepository suppliers, SupplierLedger ledger) {
        this.suppliers = suppliers;
        this.ledger = ledger;
    }

    @Transactional
    Supplier create(SupplierRequests.NewSupplier request) {
        String currency = request.currency() == null ? ledger.defaultCurrency() : request.currency();
        long account = ledger.openAccount(currency);
        try {
            return suppliers.insert(request.name().strip(), normalisedEmail(request.email()), currency, account);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("A supplier named " + request.name().strip() + " exists already");
        }
    }

    Supplier get(long id) {
        return suppliers.byId(id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    Supplier update(long id, SupplierRequests.SupplierChange change) {
        if (change.name() != null && change.name().isBlank()) {
            throw ApiException.badRequest("name", "must not be blank");
        }
        try {
            return suppliers
                    .update(
                            id,
                            change.name() == null ? null : change.name().strip(),
                            normalisedEmail(change.email()),
                            change.active())
                    .orElseThrow(() -> notFound(id));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("A supplier with that name exists already");
        }
    }

    PageResponse<Supplier> list(@Nullable Integer limit, @Nullable String cursor, @Nullable Boolean active) {
        int size = Limits.limit(limit);
        long after = cursor == null ? 0 : parseCursor(cursor);
        List<Supplier> rows = suppliers.page(after, active, size + 1);
        boolean more = rows.size() > size;
        List<Supplier> items = more ? rows.subList(0, size) : rows;
        String next = more ? Long.toString(items.getLast().id()) : null;
        long counted = suppliers.countCapped(active, EXACT_COUNT_CAP);
        return new PageResponse<>(
                List.copyOf(items), size, 0, Math.min(counted, EXACT_COUNT_CAP), counted <= EXACT_COUNT_CAP, next);
    }

    static ApiException notFound(long id) {
        return ApiException.notFound("No supplier with id " + id);
    }

    private static long parseCursor(String cursor) {
        try {
            long id = Long.parseLong(cursor);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("cursor", "is not a cursor returned by this list");
    }

    private static @Nullable String normalisedEmail(@Nullable String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }
}
