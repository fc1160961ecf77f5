package dev.emporium.wallet;

import dev.emporium.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What makes two requests "the same" for idempotency: the operation and its parsed, normalised
 * fields (an email in any letter case, {@code 100} or {@code 1.0E2}), hashed with SHA-256. Also the
 * syntax of idempotency keys and request ids.
 */
final class RequestFingerprint {

    static final String KEY_HEADER = "Idempotency-Key";
    static final String KEY_SYNTAX = "^[A-Za-z0-9._:-]{8,128}$";
    private static final Pattern KEY = Pattern.compile(KEY_SYNTAX);
    private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");

    private RequestFingerprint() {}

    static byte[] of(String operation, @Nullable Object... fields) {
        StringBuilder canonical = new StringBuilder(operation);
        for (Object field : fields) {
            canonical.append('\u001f').append(field == null ? "\u0000" : field.toString());
        }
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String requireKey(@Nullable String key) {
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest(KEY_HEADER, "is required for money movements");
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest(KEY_HEADER, "must be 8 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        return key;
    }

    /** The caller's {@code X-Request-Id} when it is well formed, else a fresh one (for the audit trail). */
    static String requestId(@Nullable String header) {
        return header != null && REQUEST_ID.matcher(header).matches()
                ? header
                : UUID.randomUUID().toString();
    }
}
