/**
 * Product search: full-text matching with weighted relevance, facets, suggestions while typing,
 * popular searches and search analytics.
 *
 * <p>Reads the catalog's {@code products} table through its own SQL (the generated
 * {@code search_vector} column and the list indexes), the category tree through
 * {@link dev.emporium.catalog.CategoryService}, and listens to
 * {@link dev.emporium.catalog.ProductChanged} and {@link dev.emporium.catalog.CatalogReplaced} to
 * keep its caches and its term lexicon in step. No other feature calls into search.
 *
 * <p>Invariants: no user input reaches SQL except as a bind parameter, and the full-text parser is
 * {@code websearch_to_tsquery}, which accepts any text, so no query text can cause a server error;
 * every request runs a bounded number of statements whatever the size of the match (facets and
 * totals beyond {@link dev.emporium.search.SearchProperties#facetSample()} are estimates and say so);
 * counting searches never writes to the database on the request path.
 */
@NullMarked
package dev.emporium.search;

import org.jspecify.annotations.NullMarked;
