package dev.emporium.catalog;

import java.util.Set;

/**
 * Published after a committed product write. Caches use it to drop the product and, when the change
 * shows in lists, every list page of the categories it left or joined.
 *
 * @param productId the product
 * @param categoryIds the categories whose lists may have changed (old and new, when it moved)
 * @param listsAffected false when only fields that lists do not filter or sort by changed (stock)
 */
public record ProductChanged(long productId, Set<Long> categoryIds, boolean listsAffected) {

    /** A change that may show in lists. */
    public ProductChanged(long productId, Set<Long> categoryIds) {
        this(productId, categoryIds, true);
    }
}
