package dev.emporium.platform.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * The list envelope of the external contract. {@code total} is exact when {@code totalExact}; when
 * counting exactly would scan a large part of a table on the request path it is the planner's
 * estimate instead. {@code nextCursor} continues the same ordering by keyset.
 */
@NamedInterface("web")
public record PageResponse<T>(
        List<T> items,
        int limit,
        long offset,
        long total,
        boolean totalExact,
        @Nullable String nextCursor) {}
