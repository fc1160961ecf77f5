package dev.emporium.search;

import io.swagger.v3.oas.annotations.media.Schema;

/** A normalised query and how often it was searched (and found nothing) in a window. */
record QueryStat(
        String query,
        @Schema(format = "int64", minimum = "1") long searches,
        @Schema(format = "int64", minimum = "0") long zeroResults) {}
