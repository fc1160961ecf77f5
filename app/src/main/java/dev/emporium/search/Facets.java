package dev.emporium.search;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Counts of the matches per brand, category and price band.
 *
 * @param exact true when every match was counted; false when the match exceeds the sample and the
 *     counts are the sample's proportions scaled to the estimated total
 * @param sampled how many matches the counts were taken from
 */
@Schema(description = "Counts of the matching products per brand, category and price band")
record Facets(
        @Schema(description = "the most frequent brands, at most 20")
        List<Count> brands,

        @Schema(description = "the children of the filtered category (or the root categories) holding matches")
        List<Count> categories,

        List<PriceBand> prices,

        @Schema(description = "true when every match was counted; false for estimates from a sample")
        boolean exact,

        @Schema(format = "int64", minimum = "0") long sampled) {

    static final Facets EMPTY = new Facets(List.of(), List.of(), List.of(), true, 0);

    /** A brand ({@code value}) or a category ({@code id}, {@code value} its name) and its count. */
    record Count(
            @Schema(nullable = true, format = "int64") @Nullable
            Long id,

            String value,
            @Schema(format = "int64", minimum = "0") long count) {}

    /** Prices from {@code min} (inclusive) to {@code max} (exclusive; null: no upper bound), minor units. */
    record PriceBand(
            @Schema(format = "int64", minimum = "0") long min,

            @Schema(format = "int64", nullable = true) @Nullable
            Long max,

            @Schema(format = "int64", minimum = "0") long count) {}
}
