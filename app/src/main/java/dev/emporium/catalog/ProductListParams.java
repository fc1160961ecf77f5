package dev.emporium.catalog;

import org.jspecify.annotations.Nullable;

/** The raw query parameters of {@code GET /api/v1/products}, validated by {@link ProductService}. */
record ProductListParams(
        @Nullable Long category,
        @Nullable String brand,
        @Nullable Long minPrice,
        @Nullable Long maxPrice,
        @Nullable String sort,
        @Nullable Integer limit,
        @Nullable Integer offset,
        @Nullable String cursor) {}
