package dev.emporium.search;

import dev.emporium.platform.web.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Result orderings. {@code relevance} orders by score (see {@link SearchQuery}); the others are the
 * catalog's index orderings (sort key, id), so a page walks the same B-tree indexes as a product list.
 */
enum SearchSort {
    RELEVANCE("relevance", null, false),
    PRICE_ASC("price_asc", "price", true),
    PRICE_DESC("price_desc", "price", false),
    POPULARITY("popularity", "popularity", false),
    NEWEST("newest", "id", false);

    static final String ALLOWED = "relevance, price_asc, price_desc, popularity, newest";

    private final String param;
    private final @Nullable String keyColumn;
    private final boolean ascending;

    SearchSort(String param, @Nullable String keyColumn, boolean ascending) {
        this.param = param;
        this.keyColumn = keyColumn;
        this.ascending = ascending;
    }

    static SearchSort parse(@Nullable String value) {
        if (value == null) {
            return RELEVANCE;
        }
        for (SearchSort sort : values()) {
            if (sort.param.equals(value)) {
                return sort;
            }
        }
        throw ApiException.badRequest("sort", "must be one of " + ALLOWED);
    }

    String param() {
        return param;
    }

    /** The ordering of index-backed sorts over {@code products}; null for relevance. */
    @Nullable
    String orderBy(String alias) {
        if (this == RELEVANCE) {
            return null;
        }
        String direction = ascending ? "asc" : "desc";
        return this == NEWEST
                ? alias + "id " + direction
                : alias + keyColumn + " " + direction + ", " + alias + "id " + direction;
    }

    /** Rows after a cursor of an index-backed sort. */
    String keysetPredicate() {
        String op = ascending ? ">" : "<";
        return this == NEWEST ? "id " + op + " :afterId" : "(" + keyColumn + ", id) " + op + " (:afterKey, :afterId)";
    }

    /** The cursor key of a hit in this ordering (relevance keys are the score's bits). */
    long keyOf(SearchHit hit) {
        return switch (this) {
            case RELEVANCE -> Double.doubleToLongBits(hit.score());
            case PRICE_ASC, PRICE_DESC -> hit.price();
            case POPULARITY -> hit.popularity();
            case NEWEST -> hit.id();
        };
    }
}
