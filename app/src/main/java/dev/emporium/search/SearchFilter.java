package dev.emporium.search;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A validated search: normalised text, catalog filters, ordering and page.
 *
 * @param text normalised query text (see {@link SearchText})
 * @param category the category asked for (null: all); {@code categoryIds} is it with its descendants
 */
record SearchFilter(
        String text,
        @Nullable Long category,
        long @Nullable [] categoryIds,
        @Nullable String brand,
        @Nullable Long minPrice,
        @Nullable Long maxPrice,
        SearchSort sort,
        int limit,
        int offset,
        @Nullable SearchCursor cursor) {

    SearchFilter withText(String other) {
        return new SearchFilter(other, category, categoryIds, brand, minPrice, maxPrice, sort, limit, offset, cursor);
    }

    boolean firstPage() {
        return offset == 0 && cursor == null;
    }

    /** Canonical cache key: every parsed parameter in a fixed order, never the raw query string. */
    String cacheKey() {
        return "q=" + text + "\u001fc=" + category + "\u001fb=" + brand + "\u001fmin=" + minPrice + "\u001fmax="
                + maxPrice + "\u001fs=" + sort.param() + "\u001fl=" + limit + "\u001fo=" + offset + "\u001fk="
                + (cursor == null ? "" : cursor.encode());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SearchFilter f && cacheKey().equals(f.cacheKey());
    }

    @Override
    public int hashCode() {
        return cacheKey().hashCode();
    }

    @Override
    public String toString() {
        return cacheKey().replace('\u001f', '&') + " ids=" + Arrays.toString(categoryIds);
    }
}
