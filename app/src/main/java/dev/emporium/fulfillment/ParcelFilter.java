package dev.emporium.fulfillment;

import dev.emporium.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The validated parameters of a parcel list: newest first, keyset on {@code (created_at, id)}.
 *
 * @param from created at or after (inclusive)
 * @param to created before (exclusive)
 */
record ParcelFilter(
        @Nullable ParcelStatus status,
        @Nullable String area,
        @Nullable String parentQr,
        @Nullable Instant from,
        @Nullable Instant to,
        int limit,
        @Nullable Cursor cursor) {

    /** The last row served: its creation time (microseconds since the epoch) and id. */
    record Cursor(long createdAtMicros, long id) {

        String encode() {
            String raw = "p:" + createdAtMicros + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor of(Instant createdAt, long id) {
            return new Cursor(createdAt.getEpochSecond() * 1_000_000 + createdAt.getNano() / 1_000, id);
        }

        Instant createdAt() {
            return Instant.ofEpochSecond(
                    Math.floorDiv(createdAtMicros, 1_000_000), Math.floorMod(createdAtMicros, 1_000_000) * 1_000L);
        }

        static Cursor decode(String value) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
                String[] parts = raw.split(":");
                if (parts.length != 3 || !parts[0].equals("p")) {
                    throw invalid();
                }
                return new Cursor(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
        }

        private static ApiException invalid() {
            return ApiException.badRequest("cursor", "is not a cursor returned by this list");
        }
    }
}
