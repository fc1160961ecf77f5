package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ExplainGuard;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every SQL shape of the catalog read path, EXPLAINed against a realistic row count: no plan may
 * read {@code products} sequentially. Shapes are enumerated from the same builder the repository
 * uses, so a new filter or sort is guarded as soon as it exists.
 */
@IntegrationTest
class ProductQueryPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    CategoryService categories;

    @Autowired
    ProductRepository repository;

    ExplainGuard guard;

    @BeforeEach
    void loadRealisticData() {
        TestData.ensureLoaded(generator, jdbc);
        guard = new ExplainGuard(jdbc).requireLarge("products");
    }

    @Test
    void everyListShapeIsIndexBacked() {
        List<String> checked = new ArrayList<>();
        for (ProductFilter filter : allListShapes()) {
            ProductQuery page = ProductQuery.page(filter);
            guard.assertNoSequentialScan(page.sql(), page.params());
            if (ProductQuery.worthCountingExactly(repository.estimateCount(filter))) {
                ProductQuery count = ProductQuery.cappedCount(filter);
                guard.assertNoSequentialScan(count.sql(), count.params());
            }
            checked.add(filter.sort() + " " + (filter.cursor() != null));
        }
        assertThat(checked).hasSizeGreaterThan(100);
    }

    @Test
    void pointReadsAreIndexBacked() {
        for (String sql : List.of(
                "select " + ProductQuery.COLUMNS + " from products where id = :id and active",
                "select category_id from products where id = :id")) {
            assertThat(ExplainGuard.describe(guard.assertNoSequentialScan(sql, Map.of("id", 1234L))))
                    .contains("Index Scan");
        }
    }

    @Test
    void aLargeSubtreeFirstPageFindsItsIdsInTheIndexAlone() {
        CategoryTree tree = categories.current();
        long[] root = tree.subtree(tree.roots().getFirst().id());
        ProductQuery page =
                ProductQuery.page(new ProductFilter(root, null, null, null, ProductSort.POPULARITY, 50, 0, null));
        assertThat(ExplainGuard.describe(guard.assertNoSequentialScan(page.sql(), page.params())))
                .contains("Index Only Scan(products)");
    }

    private List<ProductFilter> allListShapes() {
        CategoryTree tree = categories.current();
        long root = tree.roots().getFirst().id();
        long mid = tree.roots().getFirst().children().getFirst().id();
        long leaf = tree.roots()
                .getFirst()
                .children()
                .getFirst()
                .children()
                .getFirst()
                .id();
        String commonBrand = jdbc.sql("select brand from products group by brand order by count(*) desc limit 1")
                .query(String.class)
                .single();
        String rareBrand = jdbc.sql("select brand from products group by brand order by count(*), brand limit 1")
                .query(String.class)
                .single();
        List<long[]> categoryChoices = new ArrayList<>();
        categoryChoices.add(null);
        categoryChoices.add(tree.subtree(root));
        categoryChoices.add(tree.subtree(mid));
        categoryChoices.add(tree.subtree(leaf));
        String[] brandChoices = {null, commonBrand, rareBrand};
        Long[][] priceChoices = {{null, null}, {1_000L, 1_500L}, {null, 100_000L}, {50_000L, null}};

        List<ProductFilter> filters = new ArrayList<>();
        for (long[] categoryIds : categoryChoices) {
            for (String brand : brandChoices) {
                for (Long[] price : priceChoices) {
                    for (ProductSort sort : ProductSort.values()) {
                        filters.add(new ProductFilter(categoryIds, brand, price[0], price[1], sort, 50, 0, null));
                        ProductCursor deep =
                                new ProductCursor(sort, sort == ProductSort.PRICE_ASC ? 5_000 : 100, 120_000);
                        filters.add(new ProductFilter(categoryIds, brand, price[0], price[1], sort, 50, 0, deep));
                    }
                }
            }
        }
        return filters;
    }
}
