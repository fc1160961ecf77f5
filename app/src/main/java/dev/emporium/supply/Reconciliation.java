package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The reconciliation report: the list envelope of the contract plus the window and threshold it answers. */
@Schema(
        name = "Reconciliation",
        description = "Suppliers whose |delivered − paid| over [from, to) exceeds the threshold, largest first",
        requiredProperties = {"from", "to", "threshold", "items", "limit", "offset", "total", "totalExact", "nextCursor"
        })
record Reconciliation(
        @Schema(format = "date-time", description = "inclusive")
        Instant from,

        @Schema(format = "date-time", description = "exclusive")
        Instant to,

        @Schema(format = "int64", minimum = "0", description = "minor units of each supplier's currency")
        long threshold,

        List<ReconciliationLine> items,
        @Schema(minimum = "1", maximum = "500") int limit,
        @Schema(minimum = "0", maximum = "0") long offset,

        @Schema(minimum = "0", description = "suppliers over the threshold, exact")
        long total,

        boolean totalExact,

        @Schema(nullable = true, description = "Pass as cursor for the next page; null on the last page") @Nullable
        String nextCursor) {}
