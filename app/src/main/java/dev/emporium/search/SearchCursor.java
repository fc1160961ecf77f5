package dev.emporium.search;

import dev.emporium.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque keyset position in one ordering: {@code sort:key:id} in URL-safe base64. For relevance
 * the key is the bit pattern of the last score, so the next page compares the same float8 the
 * database computed. A cursor from another ordering or one that does not decode is a 400.
 */
record SearchCursor(SearchSort sort, long key, long id) {

    String encode() {
        String raw = sort.param() + ":" + key + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    double score() {
        return Double.longBitsToDouble(key);
    }

    static SearchCursor decode(String value, SearchSort expected) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            String[] parts = raw.split(":");
            if (parts.length != 3 || !parts[0].equals(expected.param())) {
                throw invalid();
            }
            return new SearchCursor(expected, Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor", "is not a cursor returned by this search with the same sort");
    }
}
