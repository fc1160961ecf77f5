package dev.emporium.platform.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * The list envelope of the external contract. {@code total} is exact when {@code totalExact}; when
 * counting exactly would scan a large part of a table on the request path it is the planner's
 * estimate instead. {@code nextCursor} continues the same ordering by keyset.
 */
@NamedInterface("web")
@Schema(requiredProperties = {"items", "limit", "offset", "total", "totalExact", "nextCursor"})
public record PageResponse<T>(
        List<T> items,

        @Schema(example = "50", minimum = "1", maximum = "500")
        int limit,

        @Schema(example = "0", minimum = "0", maximum = "10000")
        long offset,

        @Schema(description = "Exact when totalExact, else the planner's estimate", example = "9798", minimum = "0")
        long total,

        @Schema(example = "true") boolean totalExact,

        @Schema(
                description = "Pass as cursor for the next page; null on the last page",
                nullable = true,
                example = "cDo4NDA6MTIz")
        @Nullable
        String nextCursor) {}
