package dev.emporium.ops;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One node's cumulative meters at {@code at}; rates come from the difference of two snapshots. */
@Schema(name = "OpsSnapshot", description = "Cumulative meters of this node, for the /ops page")
record OpsSnapshot(
        @Schema(format = "date-time") Instant at,
        List<RequestGroup> requests,
        List<CacheCount> cache,
        Pool pool,
        Shedding shedding,
        List<ScanCount> scans,
        List<SlowStatement> slowStatements,
        List<ViewAge> views) {

    @Schema(name = "OpsRequestGroup", description = "Requests of one endpoint group since start")
    record RequestGroup(
            @Schema(example = "catalog") String group,
            @Schema(format = "int64", minimum = "0") long count,

            @Schema(format = "int64", minimum = "0", description = "answered 5xx")
            long errors,

            @Schema(description = "cumulative latency histogram: requests at most le seconds")
            List<Bucket> buckets) {}

    @Schema(name = "OpsBucket", description = "Requests that took at most le seconds")
    record Bucket(
            @Schema(format = "double") double le,
            @Schema(format = "int64", minimum = "0") long count) {}

    @Schema(name = "OpsCacheCount", description = "Cache lookups of one cache, tier and result since start")
    record CacheCount(
            String cache,
            @Schema(allowableValues = {"L1", "L2"}) String tier,
            @Schema(allowableValues = {"hit", "miss"}) String result,
            @Schema(format = "int64", minimum = "0") long count) {}

    @Schema(name = "OpsPool", description = "The database connection pool now")
    record Pool(
            @Schema(format = "int32", minimum = "0") int active,
            @Schema(format = "int32", minimum = "0") int pending,
            @Schema(format = "int32", minimum = "0") int max) {}

    @Schema(name = "OpsShedding", description = "Load shedding of database-bound requests: now and since start")
    record Shedding(
            @Schema(format = "int32", minimum = "0", description = "admitted requests running now")
            int inFlight,

            @Schema(format = "int32", minimum = "0", description = "requests waiting for admission now")
            int queued,

            @Schema(format = "int32", minimum = "0", description = "requests admitted at once at most")
            int limit,

            @Schema(format = "int64", minimum = "0", description = "admitted since start")
            long admitted,

            @Schema(format = "int64", minimum = "0", description = "refused with 503 since start")
            long shed) {}

    @Schema(
            name = "OpsScanCount",
            description = "Fulfillment scans handled since start, by source and outcome "
                    + "(emporium_fulfillment_scans_total); every combination is present, 0 until used")
    record ScanCount(
            @Schema(
                    allowableValues = {"single", "batch", "link"},
                    description = "one scan, one line of a batch, or a child put into a parent")
            String source,

            @Schema(
                    allowableValues = {"applied", "duplicate", "refused"},
                    description = "an event written; a resent scan replayed (nothing written); refused by "
                            + "the parcel's state (nothing written)")
            String outcome,

            @Schema(format = "int64", minimum = "0") long count) {}

    @Schema(name = "OpsSlowStatement", description = "One of the latest statements over the slow threshold")
    record SlowStatement(
            @Schema(format = "date-time") Instant at,
            String endpoint,
            @Schema(format = "int64", minimum = "0") long millis,
            String sql) {}

    @Schema(name = "OpsViewAge", description = "How old a materialized view's content is, as this node last learned")
    record ViewAge(
            @Schema(example = "analytics_dashboard") String view,

            @Schema(
                    format = "double",
                    nullable = true,
                    minimum = "0",
                    description = "seconds since its last refresh; null until this node has read it")
            @Nullable
            Double ageSeconds) {}
}
