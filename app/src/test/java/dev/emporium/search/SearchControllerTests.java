package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.catalog.CategoryService;
import dev.emporium.catalog.ProductPatch;
import dev.emporium.catalog.ProductService;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
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

/** The search contract on a fixed fixture over the realistic data set: relevance, fallback, filters, cache. */
@IntegrationTest
class SearchControllerTests {

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
    SearchFixture fixture;
    long nameMatch;
    long popularNameMatch;
    long brandMatch;
    long descriptionMatch;

    @BeforeEach
    void fixture() {
        fixture = new SearchFixture(products, categories, jdbc, generator);
        long leaf = fixture.leaf(0);
        nameMatch = fixture.product("SRCH-1", "Zyphlorax Lantern", "Brightco", "A lantern for camping.", leaf, 2_999);
        popularNameMatch =
                fixture.product("SRCH-2", "Zyphlorax Kettle", "Kettlecorp", "Boils water quickly.", leaf, 4_999);
        brandMatch = fixture.product("SRCH-3", "Quorbex Speaker", "Zyphlorax", "Loud and clear.", leaf, 9_999);
        descriptionMatch = fixture.product(
                "SRCH-4", "Plain Lantern", "Brightco", "Works like a zyphlorax, only cheaper.", leaf, 1_999);
        fixture.popularity(popularNameMatch, 500);
        fixture.popularity(descriptionMatch, 1_000_000);
        fixture.product("SRCH-5", "Apple iPhone 15", "Apple", "A smartphone.", fixture.leaf(1), 79_999);
        caches.invalidateAll();
    }

    @Test
    void nameMatchesOutrankBrandMatchesWhichOutrankDescriptionMatchesWhateverThePopularity() throws Exception {
        JsonNode page = read(mvc.perform(get("/api/v1/search").param("q", "Zyphlorax"))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(ids(page)).containsExactly(popularNameMatch, nameMatch, brandMatch, descriptionMatch);
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("totalExact").asBoolean()).isTrue();
        assertThat(page.get("correctedQuery").isNull()).isTrue();
        double first = page.get("items").get(0).get("score").asDouble();
        double last = page.get("items").get(3).get("score").asDouble();
        assertThat(first).isGreaterThan(last).isPositive();
    }

    @Test
    void aMisspeltWordFindsTheProductThroughTheTrigramFallback() throws Exception {
        JsonNode page = read(mvc.perform(get("/api/v1/search").param("q", "iphnoe"))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(page.get("correctedQuery").asString()).isEqualTo("iphone");
        assertThat(page.get("items").get(0).get("name").asString()).isEqualTo("Apple iPhone 15");
        JsonNode second = read(mvc.perform(get("/api/v1/search").param("q", "zyphlorx lantren"))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(second.get("correctedQuery").asString()).isEqualTo("zyphlorax lantern");
        assertThat(ids(second)).contains(nameMatch);
    }

    @Test
    void swappedLettersInAShortWordAreCorrected() throws Exception {
        JsonNode page = read(mvc.perform(get("/api/v1/search").param("q", "lmap"))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(page.get("correctedQuery").asString()).isEqualTo("lamp");
        assertThat(page.get("items").get(0).get("name").asString()).containsIgnoringCase("lamp");
        JsonNode two = read(mvc.perform(get("/api/v1/search").param("q", "aplpe iphnoe"))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(two.get("correctedQuery").asString()).isEqualTo("apple iphone");
        assertThat(two.get("items").get(0).get("name").asString()).isEqualTo("Apple iPhone 15");
    }

    @Test
    void filtersNarrowTheMatch() throws Exception {
        JsonNode brand =
                read(mvc.perform(get("/api/v1/search").param("q", "zyphlorax").param("brand", "Brightco"))
                        .andReturn());
        assertThat(ids(brand)).containsExactly(nameMatch, descriptionMatch);
        JsonNode price = read(mvc.perform(get("/api/v1/search")
                        .param("q", "zyphlorax")
                        .param("minPrice", "4000")
                        .param("maxPrice", "9999"))
                .andReturn());
        assertThat(ids(price)).containsExactlyInAnyOrder(popularNameMatch, brandMatch);
        JsonNode otherRoot = read(mvc.perform(get("/api/v1/search")
                        .param("q", "zyphlorax")
                        .param("category", Long.toString(fixture.rootOf(1))))
                .andReturn());
        assertThat(ids(otherRoot)).isEmpty();
        JsonNode ownRoot = read(mvc.perform(get("/api/v1/search")
                        .param("q", "zyphlorax")
                        .param("category", Long.toString(fixture.rootOf(0))))
                .andReturn());
        assertThat(ids(ownRoot)).hasSize(4);
    }

    @Test
    void everySortPagesByCursorWithoutGapsOrRepeats() throws Exception {
        for (String sort : List.of("relevance", "price_asc", "price_desc", "popularity", "newest")) {
            List<Long> all = ids(read(
                    mvc.perform(get("/api/v1/search").param("q", "zyphlorax").param("sort", sort))
                            .andReturn()));
            List<Long> paged = new ArrayList<>();
            String cursor = null;
            do {
                var request = get("/api/v1/search")
                        .param("q", "zyphlorax")
                        .param("sort", sort)
                        .param("limit", "1");
                if (cursor != null) {
                    request.param("cursor", cursor);
                }
                JsonNode page =
                        read(mvc.perform(request).andExpect(status().isOk()).andReturn());
                paged.addAll(ids(page));
                cursor = page.get("nextCursor").isNull()
                        ? null
                        : page.get("nextCursor").asString();
            } while (cursor != null);
            assertThat(paged).as(sort).isEqualTo(all).hasSize(4);
        }
    }

    @Test
    void aSecondIdenticalSearchIsACacheHitAndAProductChangeReachesIt() throws Exception {
        mvc.perform(get("/api/v1/search").param("q", "zyphlorax lantern"))
                .andExpect(header().string("X-Cache", "MISS"));
        mvc.perform(get("/api/v1/search").param("q", "  ZYPHLORAX   Lantern "))
                .andExpect(header().string("X-Cache", "HIT"));
        products.update(nameMatch, new ProductPatch(3_333L, null, null, null, null));
        mvc.perform(get("/api/v1/search").param("q", "zyphlorax lantern"))
                .andExpect(header().string("X-Cache", "MISS"))
                .andExpect(jsonPath("$.items[0].price").value(3_333));
        products.update(nameMatch, new ProductPatch(2_999L, null, null, null, null));
    }

    @Test
    void aBroadQueryEstimatesItsTotalAndFacetsAndSaysSo() throws Exception {
        JsonNode page = read(mvc.perform(get("/api/v1/search").param("q", "lamp"))
                .andExpect(status().isOk())
                .andReturn());
        long brute = jdbc.sql("select count(*) from products where active"
                        + " and search_vector @@ websearch_to_tsquery('english', 'lamp')")
                .query(Long.class)
                .single();
        assertThat(brute).isGreaterThan(5_000);
        assertThat(page.get("totalExact").asBoolean()).isFalse();
        assertThat(page.get("facets").get("exact").asBoolean()).isFalse();
        assertThat(page.get("total").asLong()).isBetween(brute / 2, brute * 2);
        assertThat(page.get("items")).hasSize(50);
    }

    @Test
    void searchesRunAConstantNumberOfStatementsWhateverThePageSize() throws Exception {
        for (String q : List.of("lamp", "zyphlorax", "iphnoe")) {
            int small = statements("/api/v1/search?limit=1&q=" + q);
            int large = statements("/api/v1/search?limit=500&q=" + q);
            assertThat(small).as(q).isEqualTo(large).isBetween(2, 7);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "q=",
                "q=%20%20%20",
                "sort=relevance",
                "q=lamp&sort=cheapest",
                "q=lamp&limit=0",
                "q=lamp&limit=501",
                "q=lamp&offset=-1",
                "q=lamp&offset=10001",
                "q=lamp&minPrice=-1",
                "q=lamp&minPrice=500&maxPrice=100",
                "q=lamp&cursor=not-a-cursor",
                "q=lamp&category=999999999",
                "q=lamp&category=abc",
                "q=lamp&brand=%20",
                "q=lamp&limit=ten"
            })
    void badInputIsA400Problem(String query) throws Exception {
        var request = get("/api/v1/search");
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            request.param(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        mvc.perform(request)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
    }

    @Test
    void aQueryOverTwoHundredCharactersIsA400AndTwoHundredIsFine() throws Exception {
        mvc.perform(get("/api/v1/search").param("q", "a".repeat(201))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/search").param("q", "a".repeat(200))).andExpect(status().isOk());
    }

    @Test
    void aCursorOfAnotherSortIsA400() throws Exception {
        String cursor = read(mvc.perform(
                                get("/api/v1/search").param("q", "zyphlorax").param("limit", "1"))
                        .andReturn())
                .get("nextCursor")
                .asString();
        mvc.perform(get("/api/v1/search")
                        .param("q", "zyphlorax")
                        .param("sort", "price_asc")
                        .param("cursor", cursor))
                .andExpect(status().isBadRequest());
    }

    private int statements(String url) throws Exception {
        caches.invalidateAll();
        MvcResult result = mvc.perform(get(url)).andExpect(status().isOk()).andReturn();
        return (Integer) result.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
    }

    private List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private JsonNode read(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }
}
