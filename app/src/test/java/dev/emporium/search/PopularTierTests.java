package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The popular tier (V21) is a shortcut, never a different answer: on the realistic data set the relevance
 * page found through it equals the page ranked from the whole catalog, whichever branch the statement
 * takes, and a tier facet sample counts exactly the tier's matches.
 */
@IntegrationTest
class PopularTierTests {

    private static final int WINDOW = 200;

    /** The definition the tier must not change: score the {@code WINDOW} most popular matches of the whole catalog. */
    private static final String WHOLE_CATALOG_PAGE = """
            select w.id
              from (select m.id, %s as score
                      from (select id, popularity, search_vector
                              from products
                             where active and search_vector @@ websearch_to_tsquery('english', :text)
                             order by popularity desc, id desc
                             limit %d) m) w
             order by w.score desc, w.id desc
             limit 51
            """.formatted(SearchQuery.score("m."), WINDOW);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    SearchRepository repository;

    @BeforeEach
    void loadRealisticData() {
        TestData.ensureLoaded(generator, jdbc);
    }

    @Test
    void theIndexPredicateIsTheTierTheQueriesName() {
        String predicate = jdbc.sql("select pg_get_expr(indpred, indrelid) from pg_index"
                        + " where indexrelid = 'products_search_popular_idx'::regclass")
                .query(String.class)
                .single();
        assertThat(predicate).isEqualTo("(active AND (popularity >= " + SearchQuery.POPULAR_TIER + "))");
    }

    @Test
    void aRelevancePageIsTheSameWhetherTheTierSufficesOrNot() {
        String rareBrand = jdbc.sql("select brand from products group by brand order by count(*), brand limit 1")
                .query(String.class)
                .single()
                .toLowerCase();
        List<String> texts = List.of("lamp", "compact lamp", "red steel lamp", "eco kettle", rareBrand, "zzzqqq");
        List<Long> tierMatches = new ArrayList<>();
        for (String text : texts) {
            tierMatches.add(tierMatches(text));
            SearchFilter filter = filter(text);
            List<Long> page =
                    repository.page(filter, WINDOW).stream().map(SearchHit::id).toList();
            List<Long> whole = jdbc.sql(WHOLE_CATALOG_PAGE)
                    .param("text", text)
                    .query(Long.class)
                    .list();
            assertThat(page).as(text).isEqualTo(whole);
        }
        assertThat(tierMatches)
                .as("the texts take both branches: the tier alone, and the whole catalog")
                .anyMatch(n -> n >= WINDOW)
                .anyMatch(n -> n > 0 && n < WINDOW);
    }

    @Test
    void aTierFacetSampleCountsTheTiersMatches() {
        String text = null;
        for (String candidate : List.of("red lamp", "black kettle", "steel lamp", "grey chair", "compact lamp")) {
            long n = tierMatches(candidate);
            if (n >= 250 && n <= 1000) {
                text = candidate;
                break;
            }
        }
        assertThat(text).as("a text with 250 to 1,000 matches in the tier").isNotNull();
        SearchFilter filter = filter(text);
        List<SearchRepository.FacetRow> rows = repository.facets(filter, 1000, SearchQuery.FacetSample.POPULAR_TIER);
        Map<String, Long> brands = new HashMap<>();
        long size = 0;
        for (SearchRepository.FacetRow row : rows) {
            if (row.grouping() == 3) {
                brands.put(row.brand(), row.count());
            } else if (row.grouping() == 7) {
                size = row.count();
            }
        }
        assertThat(size).isEqualTo(tierMatches(text));
        Map<String, Long> expected = new HashMap<>();
        jdbc.sql("select brand, count(*) from products where active and popularity >= " + SearchQuery.POPULAR_TIER
                        + " and search_vector @@ websearch_to_tsquery('english', :text) group by brand")
                .param("text", text)
                .query((rs, n) -> expected.put(rs.getString(1), rs.getLong(2)))
                .list();
        assertThat(brands).isEqualTo(expected);
    }

    @Test
    void aTierTooSmallForTheSampleCountsTheFirstMatchesInstead() {
        String text = "zzzqqq";
        assertThat(repository.facets(filter(text), 1000, SearchQuery.FacetSample.POPULAR_TIER))
                .containsExactlyInAnyOrderElementsOf(
                        repository.facets(filter(text), 1000, SearchQuery.FacetSample.FIRST));
        String rare = jdbc.sql("select brand from products group by brand order by count(*), brand limit 1")
                .query(String.class)
                .single()
                .toLowerCase();
        assertThat(tierMatches(rare)).isLessThan(250);
        assertThat(repository.facets(filter(rare), 1000, SearchQuery.FacetSample.POPULAR_TIER))
                .containsExactlyInAnyOrderElementsOf(
                        repository.facets(filter(rare), 1000, SearchQuery.FacetSample.FIRST));
    }

    private long tierMatches(String text) {
        return jdbc.sql("select count(*) from products where active and popularity >= " + SearchQuery.POPULAR_TIER
                        + " and search_vector @@ websearch_to_tsquery('english', :text)")
                .param("text", text)
                .query(Long.class)
                .single();
    }

    private static SearchFilter filter(String text) {
        return new SearchFilter(text, null, null, null, null, null, SearchSort.RELEVANCE, 50, 0, null);
    }
}
