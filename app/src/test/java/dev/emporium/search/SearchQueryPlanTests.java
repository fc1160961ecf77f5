package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.catalog.CategoryNode;
import dev.emporium.catalog.CategoryService;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every SQL shape of a search, EXPLAINed on the realistic data set (250k products; {@code
 * -Demporium.test.scale=1} for a million): no plan reads {@code products} sequentially, for broad
 * terms (a word in one product of 18), narrow ones (a rare brand), several words and none that
 * match, under every filter combination and ordering, first pages and cursor pages.
 */
@IntegrationTest
class SearchQueryPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    CategoryIndex categoryIndex;

    @Autowired
    CategoryService categories;

    @Autowired
    SearchRepository repository;

    ExplainGuard guard;

    @BeforeEach
    void loadRealisticData() {
        TestData.ensureLoaded(generator, jdbc);
        guard = new ExplainGuard(jdbc).requireLarge("products");
    }

    @Test
    void everySearchShapeIsIndexBacked() {
        int checked = 0;
        for (SearchFilter filter : allShapes()) {
            SearchQuery page = SearchQuery.page(filter, 1000);
            guard.assertNoSequentialScan(page.sql(), page.params());
            for (SearchQuery.FacetSample which : SearchQuery.FacetSample.values()) {
                SearchQuery facets = SearchQuery.facets(filter, 2000, which);
                try {
                    guard.assertNoSequentialScan(facets.sql(), facets.params());
                } catch (AssertionError seqScan) {
                    assertStopsEarly(facets, 2000);
                }
            }
            if (filter.sort() == SearchSort.RELEVANCE) {
                SearchQuery sampled = SearchQuery.sampledPage(filter, 200, 1000);
                guard.assertNoSequentialScan(sampled.sql(), sampled.params());
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void aNarrowMatchIsFoundThroughTheFullTextIndex() {
        String rareBrand = jdbc.sql("select brand from products group by brand order by count(*), brand limit 1")
                .query(String.class)
                .single();
        SearchFilter filter = filter(rareBrand.toLowerCase(), null, null, null, SearchSort.RELEVANCE, null);
        assertThat(ExplainGuard.describe(guard.assertNoSequentialScan(
                        SearchQuery.page(filter, 1000).sql(),
                        SearchQuery.page(filter, 1000).params())))
                .contains("Bitmap Index Scan");
        assertThat(repository.estimate(filter).matches()).isLessThan(2_000);
        assertThat(repository.estimate(filter).broad(0.03)).isFalse();
    }

    @Test
    void aBroadMatchTakesPageAndFacetsFromOneIndexOnlyWalk() {
        SearchFilter filter = filter("lamp", null, null, null, SearchSort.RELEVANCE, null);
        assertThat(repository.estimate(filter).broad(0.03)).isTrue();
        SearchQuery sampled = SearchQuery.sampledPage(filter, 200, 1000);
        List<String> plan = guard.assertNoSequentialScan(sampled.sql(), sampled.params());
        assertThat(ExplainGuard.describe(plan)).contains("Index Only Scan(products)");
        assertThat(plan.stream().filter(node -> node.endsWith("(products)")).toList())
                .as("the walk, then the page's rows by primary key: products is read twice, never scanned")
                .hasSize(2);
    }

    @Test
    void aBroadRelevanceWindowReadsVectorsFromTheIndexNotTheTable() {
        SearchFilter filter = filter("lamp", null, null, null, SearchSort.RELEVANCE, null);
        SearchQuery page = SearchQuery.page(filter, 200);
        assertThat(ExplainGuard.describe(guard.assertNoSequentialScan(page.sql(), page.params())))
                .contains("Index Only Scan(products)");
    }

    @Test
    void lexiconLookupsUseTheirIndexes() {
        String nearest = ExplainGuard.describe(guard.assertNoSequentialScan(
                "select term from search_terms order by term <-> :w limit 1", Map.of("w", "lmap")));
        assertThat(nearest).contains("Index Scan(search_terms)");
        String prefix = ExplainGuard.describe(guard.assertNoSequentialScan(
                "select term from search_terms where term collate \"C\" >= :low and term collate \"C\" < :high"
                        + " order by weight desc limit 10",
                Map.of("low", "la", "high", "la\uffff")));
        assertThat(prefix).contains("Index Only Scan(search_terms)");
    }

    /**
     * For a broad match the planner may read the facet sample by a sequential scan under the sample's
     * LIMIT: it stops after about {@code sample / selectivity} rows, which is cheaper than building a
     * bitmap of every match, and it is chosen only when the match is dense. Allowed when a run proves
     * the scan stopped within {@value #EARLY_STOP_FACTOR} × sample rows.
     */
    private void assertStopsEarly(SearchQuery query, int sample) {
        String plan = jdbc.sql("explain (analyze, format json) " + query.sql())
                .params(query.params())
                .query(String.class)
                .single();
        JsonNode root = json.readTree(plan).get(0).get("Plan");
        JsonNode scan = find(root, "Seq Scan");
        assertThat(scan).as("plan " + root).isNotNull();
        long read = scan.get("Actual Rows").asLong()
                + (scan.has("Rows Removed by Filter")
                        ? scan.get("Rows Removed by Filter").asLong()
                        : 0);
        assertThat(read).as(query.params().toString()).isLessThanOrEqualTo((long) EARLY_STOP_FACTOR * sample);
    }

    private static final int EARLY_STOP_FACTOR = 25;
    private final JsonMapper json = JsonMapper.builder().build();

    private static JsonNode find(JsonNode node, String type) {
        if (node.get("Node Type").asString().equals(type)) {
            return node;
        }
        JsonNode children = node.get("Plans");
        if (children != null) {
            for (JsonNode child : children) {
                JsonNode found = find(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private List<SearchFilter> allShapes() {
        List<CategoryNode> roots = categories.tree();
        CategoryNode root = roots.getFirst();
        CategoryNode mid = root.children().getFirst();
        CategoryNode leaf = mid.children().getFirst();
        String commonBrand = jdbc.sql("select brand from products group by brand order by count(*) desc limit 1")
                .query(String.class)
                .single();
        String rareBrand = jdbc.sql("select brand from products group by brand order by count(*), brand limit 1")
                .query(String.class)
                .single();
        List<String> texts =
                List.of("lamp", "compact lamp", "\"red steel\"", "lamp or kettle", rareBrand.toLowerCase(), "zzzqqq");
        List<Long> categoryChoices = new ArrayList<>();
        categoryChoices.add(null);
        categoryChoices.add(root.id());
        categoryChoices.add(mid.id());
        categoryChoices.add(leaf.id());
        String[] brands = {null, commonBrand, rareBrand};
        Long[][] prices = {{null, null}, {1_000L, 1_500L}, {50_000L, null}};
        List<SearchFilter> filters = new ArrayList<>();
        for (String text : texts) {
            for (Long category : categoryChoices) {
                for (String brand : brands) {
                    for (Long[] price : prices) {
                        for (SearchSort sort : SearchSort.values()) {
                            if (brand != null && price[0] != null && category != null && !text.equals("lamp")) {
                                continue;
                            }
                            filters.add(filter(text, category, brand, price, sort, null));
                            long key = sort == SearchSort.RELEVANCE ? Double.doubleToLongBits(0.05) : 100;
                            filters.add(
                                    filter(text, category, brand, price, sort, new SearchCursor(sort, key, 120_000)));
                        }
                    }
                }
            }
        }
        return filters;
    }

    private SearchFilter filter(
            String text, Long category, String brand, Long[] price, SearchSort sort, SearchCursor cursor) {
        long[] ids = category == null ? null : categoryIndex.subtree(category);
        return new SearchFilter(
                text,
                category,
                ids,
                brand,
                price == null ? null : price[0],
                price == null ? null : price[1],
                sort,
                50,
                0,
                cursor);
    }
}
