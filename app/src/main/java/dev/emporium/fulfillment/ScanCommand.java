package dev.emporium.fulfillment;

import dev.emporium.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * One scan, checked as a whole: the syntax is Bean Validation's; here the rules between fields. The
 * kind comes from the code's prefix or the body (both given must agree, neither given is a 400);
 * a capacity is for parents only; a new parent without one gets the configured default.
 *
 * @param target the status the scan reports, or null for a plain scan
 * @param requestHash what makes a resent scan "the same" (SHA-256 of the normalised fields)
 */
record ScanCommand(
        String scanId,
        String qr,
        ParcelKind kind,
        String area,
        @Nullable ParcelStatus target,
        @Nullable Integer capacity,
        @Nullable Long orderId,
        byte[] requestHash) {

    /** A scan that can only touch an existing parcel (upsert otherwise). */
    boolean advances() {
        return target != null && !target.canBeFirstSeen();
    }

    /** Field → message for what breaks a rule between fields; empty when the scan is well formed. */
    static Map<String, String> problems(
            String prefix, String qr, @Nullable ParcelKind kind, @Nullable Integer capacity) {
        Map<String, String> errors = new LinkedHashMap<>();
        ParcelKind fromCode = QrCodes.kindOf(qr);
        if (fromCode == null && kind == null) {
            errors.put(prefix + "kind", "is required when the code has no P- or C- prefix");
        } else if (fromCode != null && kind != null && fromCode != kind) {
            errors.put(prefix + "kind", "contradicts the code's prefix (" + fromCode + ")");
        }
        ParcelKind resolved = fromCode != null ? fromCode : kind;
        if (capacity != null && resolved == ParcelKind.CHILD) {
            errors.put(prefix + "capacity", "is for parents only");
        }
        return errors;
    }

    static ScanCommand of(
            String scanId,
            String qr,
            @Nullable ParcelKind kind,
            String area,
            @Nullable ParcelStatus target,
            @Nullable Integer capacity,
            @Nullable Long orderId,
            int defaultCapacity) {
        Map<String, String> errors = problems("", qr, kind, capacity);
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", "Some fields are invalid", errors);
        }
        return resolved(scanId, qr, kind, area, target, capacity, orderId, defaultCapacity);
    }

    /** For input already checked with {@link #problems}. */
    static ScanCommand resolved(
            String scanId,
            String qr,
            @Nullable ParcelKind kind,
            String area,
            @Nullable ParcelStatus target,
            @Nullable Integer capacity,
            @Nullable Long orderId,
            int defaultCapacity) {
        ParcelKind fromCode = QrCodes.kindOf(qr);
        ParcelKind resolved = fromCode != null ? fromCode : java.util.Objects.requireNonNull(kind, "checked");
        Integer effectiveCapacity =
                resolved == ParcelKind.PARENT ? (capacity != null ? capacity : defaultCapacity) : null;
        byte[] hash = hash(qr, resolved, area, target, capacity, orderId);
        return new ScanCommand(scanId, qr, resolved, area, target, effectiveCapacity, orderId, hash);
    }

    private static byte[] hash(
            String qr,
            ParcelKind kind,
            String area,
            @Nullable ParcelStatus target,
            @Nullable Integer capacity,
            @Nullable Long orderId) {
        String canonical = String.join(
                "\u001f",
                "scan",
                qr,
                kind.name(),
                area,
                String.valueOf(target),
                String.valueOf(capacity),
                String.valueOf(orderId));
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
