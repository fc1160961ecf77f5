package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.catalog.CategoryService;
import dev.emporium.catalog.ProductService;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Completions while typing: popular queries, lexicon words, typo tolerance, one statement, cached. */
@IntegrationTest
class SuggestTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    ProductService products;

    @Autowired
    CategoryService categories;

    @Autowired
    SearchCaches caches;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void fixture() {
        SearchFixture fixture = new SearchFixture(products, categories, jdbc, generator);
        fixture.product("SUGG-1", "Xantheron Toaster", "Crumbly", "Toasts bread.", fixture.leaf(0), 3_999);
        fixture.product("SUGG-2", "Xantheron Toaster Max", "Crumbly", "Toasts more bread.", fixture.leaf(0), 5_999);
        fixture.product("SUGG-3", "Vexo Grill", "Crumbly", "Grills.", fixture.leaf(0), 2_999);
        jdbc.sql("delete from search_query_stats where query like 'xanth%'").update();
        jdbc.sql("insert into search_query_stats values (:b, 'xantheron toaster', 40, 0)")
                .param("b", Timestamp.from(Instant.now().truncatedTo(ChronoUnit.HOURS)))
                .update();
        caches.invalidateAll();
    }

    @Test
    void completesFromPopularQueriesThenProductWords() throws Exception {
        List<String> texts =
                texts(read(mvc.perform(get("/api/v1/search/suggest").param("q", "Xanth"))
                        .andExpect(status().isOk())
                        .andExpect(header().string("X-Cache", "MISS"))
                        .andReturn()));
        assertThat(texts).startsWith("xantheron toaster", "xantheron").hasSizeLessThanOrEqualTo(10);
        mvc.perform(get("/api/v1/search/suggest").param("q", "xanth")).andExpect(header().string("X-Cache", "HIT"));
    }

    @Test
    void completesTheLastWordAfterTheOnesAlreadyTyped() throws Exception {
        List<String> texts =
                texts(read(mvc.perform(get("/api/v1/search/suggest").param("q", "crumbly xanthe"))
                        .andExpect(status().isOk())
                        .andReturn()));
        assertThat(texts).contains("crumbly xantheron");
    }

    @Test
    void toleratesATypo() throws Exception {
        JsonNode body = read(mvc.perform(get("/api/v1/search/suggest").param("q", "xanthreon"))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(texts(body)).contains("xantheron");
    }

    @Test
    void toleratesSwappedLettersInAShortWord() throws Exception {
        JsonNode body = read(mvc.perform(get("/api/v1/search/suggest").param("q", "vxeo"))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(texts(body)).contains("vexo");
    }

    @Test
    void neverAnswersMoreThanTenAndCostsOneStatementPerMiss() throws Exception {
        for (String prefix : List.of("a", "s", "co", "lam")) {
            caches.invalidateAll();
            caches.popular().get("window:7d", "top", () -> new PopularQueries("7d", List.of()));
            MvcResult result = mvc.perform(get("/api/v1/search/suggest").param("q", prefix))
                    .andExpect(status().isOk())
                    .andReturn();
            assertThat(texts(read(result))).as(prefix).hasSizeBetween(1, 10);
            assertThat((Integer) result.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE))
                    .isEqualTo(1);
        }
    }

    @Test
    void emptyOrOverlongPrefixesAre400() throws Exception {
        mvc.perform(get("/api/v1/search/suggest")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/search/suggest").param("q", " ")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/search/suggest").param("q", "x".repeat(201))).andExpect(status().isBadRequest());
    }

    private static List<String> texts(JsonNode body) {
        List<String> texts = new ArrayList<>();
        body.get("items").forEach(i -> texts.add(i.get("text").asString()));
        return texts;
    }

    private JsonNode read(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }
}
