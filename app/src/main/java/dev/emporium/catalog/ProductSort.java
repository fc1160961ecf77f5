package dev.emporium.catalog;

import dev.emporium.platform.web.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * The orderings a product list supports. Each is (sort key, id) in one direction, so the keyset
 * predicate is a single row comparison and one ascending index per key serves both directions.
 */
enum ProductSort {
    POPULARITY("popularity", "popularity", false),
    PRICE_ASC("price_asc", "price", true),
    PRICE_DESC("price_desc", "price", false),
    NEWEST("newest", null, false);

    private final String param;
    private final @Nullable String keyColumn;
    private final boolean ascending;

    ProductSort(String param, @Nullable String keyColumn, boolean ascending) {
        this.param = param;
        this.keyColumn = keyColumn;
        this.ascending = ascending;
    }

    static ProductSort parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return POPULARITY;
        }
        for (ProductSort sort : values()) {
            if (sort.param.equals(value)) {
                return sort;
            }
        }
        throw ApiException.badRequest("sort", "must be one of popularity, price_asc, price_desc, newest");
    }

    String param() {
        return param;
    }

    /** The sort key column, or null when the ordering is by id alone. */
    @Nullable
    String keyColumn() {
        return keyColumn;
    }

    String orderBy() {
        String direction = ascending ? "asc" : "desc";
        return keyColumn == null ? "id " + direction : keyColumn + " " + direction + ", id " + direction;
    }

    /** Rows after the cursor in this ordering. */
    String keysetPredicate() {
        String op = ascending ? ">" : "<";
        return keyColumn == null
                ? "id " + op + " :afterId"
                : "(" + keyColumn + ", id) " + op + " (:afterKey, :afterId)";
    }

    long keyOf(Product product) {
        return switch (this) {
            case POPULARITY -> product.popularity();
            case PRICE_ASC, PRICE_DESC -> product.price();
            case NEWEST -> product.id();
        };
    }
}
