package dev.emporium.catalog;

import dev.emporium.platform.db.BulkCopy;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bulk loading of the catalog tables for the data generator: rows go in with COPY, explicit ids
 * included, and the identity sequences are moved past them afterwards so later inserts do not collide.
 * Each finished load publishes {@link CatalogReplaced} (synchronously: listeners have rebuilt their
 * derived data when the load method returns).
 */
@Component
public class CatalogBulkLoader {

    private static final List<String> CATEGORY_COLUMNS = List.of("id", "parent_id", "name", "slug", "depth");
    private static final List<String> PRODUCT_COLUMNS = List.of(
            "id",
            "sku",
            "name",
            "brand",
            "category_id",
            "price",
            "currency",
            "stock",
            "description",
            "attributes",
            "popularity",
            "active",
            "created_at",
            "updated_at");

    private static final String COUNT_CATEGORIES = "select count(*) from categories";

    private final BulkCopy copy;
    private final JdbcClient jdbc;
    private final CategoryService categories;
    private final CatalogCaches caches;
    private final ApplicationEventPublisher events;

    CatalogBulkLoader(
            BulkCopy copy,
            JdbcClient jdbc,
            CategoryService categories,
            CatalogCaches caches,
            ApplicationEventPublisher events) {
        this.copy = copy;
        this.jdbc = jdbc;
        this.categories = categories;
        this.caches = caches;
        this.events = events;
    }

    public boolean isEmpty() {
        return jdbc.sql(COUNT_CATEGORIES).query(Long.class).single() == 0;
    }

    public void truncate() {
        jdbc.sql("truncate products, categories restart identity cascade").update();
        categories.invalidate();
        caches.catalogReplaced();
        events.publishEvent(new CatalogReplaced(0));
    }

    /** Categories must come parents first. */
    public void copyCategories(List<Category> rows) {
        copy.copy("categories", CATEGORY_COLUMNS, rows.size(), false, (i, row) -> {
            Category c = rows.get((int) i);
            row.add(c.id()).add(c.parentId()).add(c.name()).add(c.slug()).add(c.depth());
        });
        moveIdentityPastMax("categories");
        categories.invalidate();
        caches.catalogReplaced();
    }

    /** Copies {@code count} products; {@code source} fills row {@code i} in {@link #PRODUCT_COLUMNS} order. */
    public void copyProducts(long count, BulkCopy.RowWriter source) {
        copy.copy("products", PRODUCT_COLUMNS, count, count >= 50_000, source);
        moveIdentityPastMax("products");
        caches.catalogReplaced();
        events.publishEvent(new CatalogReplaced(count));
    }

    private void moveIdentityPastMax(String table) {
        jdbc.sql("select setval(pg_get_serial_sequence('" + table + "', 'id'), coalesce((select max(id) from " + table
                        + "), 0) + 1, false)")
                .query(Long.class)
                .single();
    }
}
