package dev.emporium.catalog;

/**
 * Published after a committed product write. Caches use it to drop the product and every list page
 * of the categories it left or joined.
 *
 * @param productId the product
 * @param categoryIds the categories whose lists may have changed (old and new, when it moved)
 */
public record ProductChanged(long productId, java.util.Set<Long> categoryIds) {}
