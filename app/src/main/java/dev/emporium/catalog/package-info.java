/**
 * The catalog: a category tree and the products in it.
 *
 * <p>Public API: {@link dev.emporium.catalog.ProductService} and
 * {@link dev.emporium.catalog.CategoryService} for reads and admin writes,
 * {@link dev.emporium.catalog.CatalogBulkLoader} for the data generator, and the
 * {@link dev.emporium.catalog.ProductChanged} and {@link dev.emporium.catalog.CatalogReplaced} events
 * that caches and search listen to.
 *
 * <p>Invariants: prices are non-negative integers in minor units with an ISO 4217 currency; stock
 * is never negative (a check constraint, so concurrent writers cannot break it); every product
 * belongs to an existing category. Only active products are visible to the public read path.
 */
@NullMarked
package dev.emporium.catalog;

import org.jspecify.annotations.NullMarked;
