package dev.emporium.search;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The list envelope of the external contract plus what a search adds: facets, and the corrected
 * text when the results are for a spelling correction of what was typed.
 */
@Schema(description = "Search results in the list envelope, with facets")
record SearchResults(
        List<SearchHit> items,

        @Schema(format = "int32", minimum = "1", maximum = "500")
        int limit,

        @Schema(format = "int64", minimum = "0") long offset,
        @Schema(format = "int64", minimum = "0") long total,

        @Schema(description = "false when total is an estimate")
        boolean totalExact,

        @Schema(nullable = true, description = "pass as cursor for the next page; null on the last page") @Nullable
        String nextCursor,

        Facets facets,

        @Schema(nullable = true, description = "the words searched instead, when the typed ones found (almost) nothing")
        @Nullable
        String correctedQuery) {}
