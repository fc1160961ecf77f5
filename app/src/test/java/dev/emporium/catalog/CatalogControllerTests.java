package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.platform.cache.TieredCaches;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class CatalogControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    CategoryService categories;

    @Autowired
    TieredCaches caches;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void loadData() {
        TestData.ensureLoaded(generator, jdbc);
    }

    @Test
    void listsProductsInTheContractEnvelope() throws Exception {
        mvc.perform(get("/api/v1/products"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(50))
                .andExpect(jsonPath("$.limit").value(50))
                .andExpect(jsonPath("$.offset").value(0))
                .andExpect(jsonPath("$.totalExact").value(false))
                .andExpect(jsonPath("$.nextCursor").isString())
                .andExpect(jsonPath("$.items[0].id").isNumber())
                .andExpect(jsonPath("$.items[0].price").isNumber())
                .andExpect(jsonPath("$.items[0].currency").value("EUR"))
                .andExpect(jsonPath("$.items[0].active").value(true));
    }

    @Test
    void smallResultsCarryAnExactTotal() throws Exception {
        JsonNode page = read(
                mvc.perform(get("/api/v1/products?minPrice=1000&maxPrice=1000")).andReturn());
        long exact = jdbc.sql("select count(*) from products where active and price = 1000")
                .query(Long.class)
                .single();
        assertThat(page.get("totalExact").asBoolean()).isTrue();
        assertThat(page.get("total").asLong()).isEqualTo(exact);
    }

    @Test
    void cursorWalksDeepPagesWithoutGapsOrRepeats() throws Exception {
        long leaf = categories
                .current()
                .roots()
                .get(1)
                .children()
                .getFirst()
                .children()
                .getFirst()
                .id();
        long expected = jdbc.sql("select count(*) from products where active and category_id = :c")
                .param("c", leaf)
                .query(Long.class)
                .single();
        Set<Long> seen = new HashSet<>();
        String cursor = null;
        long previousPrice = Long.MAX_VALUE;
        do {
            String url = "/api/v1/products?sort=price_desc&limit=37&category=" + leaf
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page =
                    read(mvc.perform(get(url)).andExpect(status().isOk()).andReturn());
            for (JsonNode item : page.get("items")) {
                assertThat(seen.add(item.get("id").asLong()))
                        .as("no product twice")
                        .isTrue();
                assertThat(item.get("price").asLong()).isLessThanOrEqualTo(previousPrice);
                assertThat(item.get("categoryId").asLong()).isEqualTo(leaf);
                previousPrice = item.get("price").asLong();
            }
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat((long) seen.size()).isEqualTo(expected);
    }

    @Test
    void categoryFilterIncludesDescendants() throws Exception {
        CategoryNode root = categories.current().roots().getFirst();
        long[] subtree = categories.current().subtree(root.id());
        JsonNode page = read(mvc.perform(get("/api/v1/products?limit=500&category=" + root.id()))
                .andReturn());
        Set<Long> allowed = new HashSet<>();
        for (long id : subtree) {
            allowed.add(id);
        }
        assertThat(page.get("items").size()).isGreaterThan(0);
        page.get("items")
                .forEach(item ->
                        assertThat(allowed).contains(item.get("categoryId").asLong()));
    }

    @Test
    void sortsAreHonoured() throws Exception {
        JsonNode cheap = read(
                mvc.perform(get("/api/v1/products?sort=price_asc&limit=20")).andReturn());
        JsonNode newest =
                read(mvc.perform(get("/api/v1/products?sort=newest&limit=20")).andReturn());
        JsonNode popular =
                read(mvc.perform(get("/api/v1/products/popular?limit=20")).andReturn());
        for (int i = 1; i < 20; i++) {
            assertThat(cheap.get("items").get(i).get("price").asLong())
                    .isGreaterThanOrEqualTo(
                            cheap.get("items").get(i - 1).get("price").asLong());
            assertThat(newest.get("items").get(i).get("id").asLong())
                    .isLessThan(newest.get("items").get(i - 1).get("id").asLong());
            assertThat(popular.get("items").get(i).get("popularity").asLong())
                    .isLessThanOrEqualTo(
                            popular.get("items").get(i - 1).get("popularity").asLong());
        }
    }

    @Test
    void productDetailAndCategoryTree() throws Exception {
        mvc.perform(get("/api/v1/products/1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(1))
                .andExpect(jsonPath("$.sku").value("SKU-00000001"))
                .andExpect(jsonPath("$.attributes.color").isString());
        mvc.perform(get("/api/v1/categories"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].children[0].children").isArray());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sort=cheapest",
                "limit=0",
                "limit=501",
                "limit=abc",
                "minPrice=-1",
                "maxPrice=-5",
                "minPrice=10&maxPrice=5",
                "offset=-1",
                "offset=1000000",
                "cursor=%21%21%21",
                "cursor=bm90OmE6Yg",
                "sort=price_asc&cursor=cG9wdWxhcml0eToxOjE",
                "category=abc",
                "brand=",
                "cursor=cG9wdWxhcml0eToxOjE&offset=5"
            })
    void badListInputIsA400Problem(String query) throws Exception {
        mvc.perform(get("/api/v1/products?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").isString())
                .andExpect(jsonPath("$.detail").isString())
                .andExpect(jsonPath("$.errors").isMap());
    }

    @Test
    void unknownThingsAre404Problems() throws Exception {
        mvc.perform(get("/api/v1/products?category=987654321"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/products/987654321"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404));
        mvc.perform(get("/api/v1/products/12abc")).andExpect(status().isBadRequest());
    }

    @Test
    void listRequestsUseAConstantNumberOfStatementsWhateverThePageSize() throws Exception {
        categories.current();
        long leaf = categories
                .current()
                .roots()
                .getFirst()
                .children()
                .getFirst()
                .children()
                .getFirst()
                .id();
        int small = statements("/api/v1/products?limit=1&category=" + leaf);
        int large = statements("/api/v1/products?limit=500&category=" + leaf);
        assertThat(small).isEqualTo(large).isBetween(1, 3);
        int unfilteredSmall = statements("/api/v1/products?limit=1");
        int unfilteredLarge = statements("/api/v1/products?limit=500");
        assertThat(unfilteredSmall).isEqualTo(unfilteredLarge).isBetween(1, 3);
        assertThat(statements("/api/v1/products/42")).isEqualTo(1);
        assertThat(statements("/api/v1/categories")).isZero();
    }

    /** Counts the statements of a miss: a cache hit would run none. */
    private int statements(String url) throws Exception {
        caches.clearLocal();
        categories.current(); // clearing the caches drops the tree snapshot too; its reload is not the request's
        MvcResult result = mvc.perform(get(url)).andExpect(status().isOk()).andReturn();
        return (Integer) result.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
    }

    private JsonNode read(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }
}
