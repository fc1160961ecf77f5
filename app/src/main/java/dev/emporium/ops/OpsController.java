package dev.emporium.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the /ops page polls. ADMIN only (the security chain's rule for /api/v1/admin/**). */
@Tag(name = "ops")
@RestController
class OpsController {

    private final OpsMeters meters;

    OpsController(OpsMeters meters) {
        this.meters = meters;
    }

    @Operation(
            operationId = "opsSnapshot",
            summary = "This node's cumulative meters for the /ops page",
            description = "Request counts, 5xx counts and latency histogram buckets per endpoint group, cache lookups "
                    + "per cache, tier and result, the connection pool, fulfillment scans by source and outcome, the "
                    + "latest slow statements, and the age of each materialized view. Counters are "
                    + "cumulative since start: the page derives rates and percentiles from two snapshots.")
    @ApiResponse(responseCode = "200", description = "The snapshot")
    @GetMapping("/api/v1/admin/ops/snapshot")
    OpsSnapshot snapshot() {
        return meters.snapshot();
    }
}
