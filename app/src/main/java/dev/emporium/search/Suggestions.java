package dev.emporium.search;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Completions for what has been typed so far, best first, at most ten. */
@Schema(description = "Completions for a prefix, best first")
record Suggestions(@ArraySchema(maxItems = 10) List<Item> items) {

    /**
     * @param kind {@code query}: a popular search; {@code term}: a word from product names and brands
     *     completing the last word typed; {@code correction}: the same, for a misspelt last word
     */
    @Schema(name = "Suggestion")
    record Item(
            String text,

            @Schema(allowableValues = {"query", "term", "correction"})
            String kind) {}
}
