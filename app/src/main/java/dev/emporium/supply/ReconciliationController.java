package dev.emporium.supply;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The supply reconciliation report. ADMIN only. */
@Tag(name = "supply-admin")
@RestController
class ReconciliationController {

    private final ReconciliationService reconciliation;

    ReconciliationController(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Operation(
            operationId = "reconcileSupply",
            summary = "Delivered value against paid value per supplier, only suppliers over the threshold",
            description = "Computed in the database in one statement: per supplier, the value of deliveries received "
                    + "and the payouts made in [from, to), and their variance (delivered − paid). Only suppliers whose "
                    + "|variance| exceeds the threshold are returned, largest first, keyset-paginated; total is exact.")
    @ApiResponse(responseCode = "200", description = "The report")
    @GetMapping("/api/v1/admin/supply/reconciliation")
    Reconciliation reconcile(
            @Parameter(
                            description = "Start, inclusive: an ISO-8601 instant or a date (its start in UTC)",
                            required = true,
                            example = "2026-10-01")
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "End: an instant (exclusive) or a date (through its end, UTC)",
                            required = true,
                            example = "2026-10-31")
                    @RequestParam(required = false)
                    String to,
            @Parameter(
                            description = "Minor units; suppliers with |variance| above it are reported",
                            schema = @Schema(minimum = "0", defaultValue = "0", format = "int64"))
                    @RequestParam(required = false)
                    Long threshold,
            @Parameter(description = "Page size", schema = @Schema(minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page (same from, to and threshold)")
                    @RequestParam(required = false)
                    String cursor) {
        return reconciliation.reconcile(from, to, threshold, limit, cursor);
    }
}
