package dev.emporium.catalog;

import org.jspecify.annotations.Nullable;

/**
 * A validated product list request. {@code categoryIds} is the requested category with all its
 * descendants (null when unfiltered); {@code cursor} and a non-zero {@code offset} never come together.
 */
record ProductFilter(
        long @Nullable [] categoryIds,
        @Nullable String brand,
        @Nullable Long minPrice,
        @Nullable Long maxPrice,
        ProductSort sort,
        int limit,
        int offset,
        @Nullable ProductCursor cursor) {}
