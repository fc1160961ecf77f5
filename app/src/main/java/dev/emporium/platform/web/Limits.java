package dev.emporium.platform.web;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/** The page-size and offset rules shared by every list endpoint. */
@NamedInterface("web")
public final class Limits {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    /** Offsets beyond this make PostgreSQL walk and discard rows; deep pages use a cursor instead. */
    public static final int MAX_OFFSET = 10_000;

    private Limits() {}

    public static int limit(@Nullable Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    public static int offset(@Nullable Integer requested) {
        if (requested == null) {
            return 0;
        }
        if (requested < 0 || requested > MAX_OFFSET) {
            throw ApiException.badRequest(
                    "offset", "must be between 0 and " + MAX_OFFSET + "; use cursor for deeper pages");
        }
        return requested;
    }
}
