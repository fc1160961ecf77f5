package dev.emporium.search;

import io.swagger.v3.oas.annotations.media.Schema;

/** One search result: the product's summary and its relevance score (higher is better, at least 0). */
@Schema(description = "A matching product's summary with its relevance score")
record SearchHit(
        @Schema(format = "int64", minimum = "1") long id,
        String sku,
        String name,
        String brand,
        @Schema(format = "int64") long categoryId,

        @Schema(description = "minor units of currency", format = "int64", minimum = "0")
        long price,

        @Schema(pattern = "^[A-Z]{3}$") String currency,
        @Schema(format = "int32", minimum = "0") int stock,
        @Schema(format = "int32", minimum = "0") int popularity,

        @Schema(
                description = "relevance: weighted full-text rank times a popularity factor",
                format = "double",
                minimum = "0")
        double score) {}
