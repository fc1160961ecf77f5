package dev.emporium.search;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The most frequent searches of a window that found something, most frequent first. */
@Schema(description = "The most frequent searches of a window")
record PopularQueries(
        @Schema(allowableValues = {"24h", "7d"}) String window, List<Item> items) {

    // Named apart from Suggestions.Item: both are "Item" by simple name, and springdoc would document
    // one component schema for the two, so /search/popular's items would be described as suggestions.
    @Schema(name = "PopularQuery")
    record Item(
            String query,
            @Schema(format = "int64", minimum = "1") long searches) {}
}
