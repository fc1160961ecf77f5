package dev.emporium.search;

import dev.emporium.catalog.CategoryNode;
import dev.emporium.catalog.CategoryService;
import dev.emporium.catalog.NewProduct;
import dev.emporium.catalog.Product;
import dev.emporium.catalog.ProductService;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.TestData;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Products with made-up words that the generated catalog never contains, created through the
 * catalog's public service (so search sees them the way it sees any admin write), on top of the
 * shared realistic data set. Each test class uses its own words.
 */
final class SearchFixture {

    private final ProductService products;
    private final CategoryService categories;
    private final JdbcClient jdbc;

    SearchFixture(ProductService products, CategoryService categories, JdbcClient jdbc, DataGenerator generator) {
        this.products = products;
        this.categories = categories;
        this.jdbc = jdbc;
        TestData.ensureLoaded(generator, jdbc);
    }

    /** A leaf under the {@code root}-th root category. */
    long leaf(int root) {
        CategoryNode node = categories.tree().get(root);
        while (!node.children().isEmpty()) {
            node = node.children().getFirst();
        }
        return node.id();
    }

    long rootOf(int root) {
        return categories.tree().get(root).id();
    }

    /** Creates the product unless a product with this sku exists; returns its id. */
    long product(String sku, String name, String brand, String description, long category, long price) {
        return jdbc.sql("select id from products where sku = :sku")
                .param("sku", sku)
                .query(Long.class)
                .optional()
                .orElseGet(() -> {
                    Product p = products.create(
                            new NewProduct(sku, name, brand, category, price, "EUR", 10, description, Map.of()));
                    return p.id();
                });
    }

    void popularity(long id, int popularity) {
        jdbc.sql("update products set popularity = :p where id = :id")
                .param("p", popularity)
                .param("id", id)
                .update();
    }
}
