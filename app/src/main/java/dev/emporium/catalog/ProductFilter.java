package dev.emporium.catalog;

/**
 * A validated product list request. {@code categoryIds} is the requested category with all its
 * descendants (null when unfiltered); {@code cursor} and a non-zero {@code offset} never come together.
 */
record ProductFilter(
        long[] categoryIds,
        String brand,
        Long minPrice,
        Long maxPrice,
        ProductSort sort,
        int limit,
        int offset,
        ProductCursor cursor) {}
