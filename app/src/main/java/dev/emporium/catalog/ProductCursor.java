package dev.emporium.catalog;

import dev.emporium.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque keyset position: the ordering it belongs to and the (sort key, id) of the last row
 * served. Encoded as URL-safe base64 of {@code sort:key:id}; a cursor from another ordering, or one
 * that does not decode, is a 400, never a silently wrong page.
 */
record ProductCursor(ProductSort sort, long key, long id) {

    String encode() {
        String raw = sort.param() + ":" + key + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ProductCursor decode(String value, ProductSort expected) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            String[] parts = raw.split(":");
            if (parts.length != 3 || !parts[0].equals(expected.param())) {
                throw invalid();
            }
            return new ProductCursor(expected, Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor", "is not a cursor returned by this list with the same sort");
    }
}
