package dev.emporium.fulfillment;

import dev.emporium.platform.web.ApiException;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;

/**
 * The answers to a scan or link the rules refuse: 409 with a machine-readable {@code code} (and the
 * parent's {@code capacity} when it is full), 404 for an unknown parcel, 422 for a reused scan id.
 */
final class Refusals {

    static final String INVALID_TRANSITION = "invalid_transition";
    static final String WRONG_KIND = "wrong_kind";
    static final String TRAVELS_WITH_PARENT = "travels_with_parent";
    static final String ORDER_MISMATCH = "order_mismatch";
    static final String ALREADY_LINKED = "already_linked";
    static final String PARENT_FULL = "parent_full";
    static final String PARENT_CLOSED = "parent_closed";
    static final String CYCLE = "cycle";
    static final String UNKNOWN_PARCEL = "unknown_parcel";
    static final String SCAN_ID_REUSED = "scan_id_reused";
    static final String UNKNOWN_ORDER = "unknown_order";

    /** The foreign key from parcels to orders (V12): the database is the one place that knows every order. */
    private static final String ORDER_KEY = "parcels_order_id_fkey";

    private Refusals() {}

    static ApiException conflict(String code, String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, Map.of(), Map.of("code", code));
    }

    static ApiException parentFull(String parentQr, int capacity) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "Conflict",
                "Parent " + parentQr + " is full: it holds its capacity of " + capacity,
                Map.of(),
                Map.of("code", PARENT_FULL, "capacity", capacity));
    }

    static ApiException unknown(String qr) {
        return ApiException.notFound("No parcel with code " + qr);
    }

    /** Runs a write; a scan naming an order that does not exist becomes 409 {@code unknown_order} (rolled back). */
    static <T> T orderMustExist(Supplier<T> write) {
        try {
            return write.get();
        } catch (DataIntegrityViolationException e) {
            String message = e.getMessage();
            if (message != null && message.contains(ORDER_KEY)) {
                throw conflict(UNKNOWN_ORDER, "No order with the given orderId; nothing was written");
            }
            throw e;
        }
    }

    static ApiException scanIdReused(String scanId) {
        return ApiException.unprocessable(
                "Scan id " + scanId + " was already used for a different scan", Map.of("code", SCAN_ID_REUSED));
    }

    static String transition(ParcelStatus from, ParcelStatus to) {
        return from + " → " + to + " is not a transition";
    }
}
