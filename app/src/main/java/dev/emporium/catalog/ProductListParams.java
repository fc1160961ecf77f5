package dev.emporium.catalog;

/** The raw query parameters of {@code GET /api/v1/products}, validated by {@link ProductService}. */
record ProductListParams(
        Long category,
        String brand,
        Long minPrice,
        Long maxPrice,
        String sort,
        Integer limit,
        Integer offset,
        String cursor) {}
