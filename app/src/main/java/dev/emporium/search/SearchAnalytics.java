package dev.emporium.search;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * What admins see of search use in a window. Counts reach the database in batches, so the last
 * {@code flushInterval} of searches may not be included yet; clicks are not tracked.
 */
@Schema(description = "Search use in a window: top queries, zero-result queries, hourly volume")
record SearchAnalytics(
        @Schema(allowableValues = {"24h", "7d"}) String window,
        @Schema(format = "int64", minimum = "0") long searches,
        @Schema(format = "int64", minimum = "0") long zeroResultSearches,
        List<QueryStat> topQueries,
        List<QueryStat> zeroResultQueries,
        List<Bucket> volume) {

    /** One hour of searches (UTC hour start). */
    record Bucket(
            @Schema(format = "date-time") Instant start,
            @Schema(format = "int64", minimum = "0") long searches,
            @Schema(format = "int64", minimum = "0") long zeroResults,
            @Schema(format = "int64", minimum = "0") long distinctQueries) {}
}
