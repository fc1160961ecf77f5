package dev.emporium.catalog;

/**
 * Published after a bulk load replaced or emptied the catalog. Per-product events are not sent for
 * such loads; whoever derives data from the whole catalog (search's term lexicon, caches) rebuilds
 * or drops it on this event.
 *
 * @param products the number of products loaded; 0 when the catalog was emptied
 */
public record CatalogReplaced(long products) {}
