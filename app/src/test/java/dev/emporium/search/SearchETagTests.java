package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.catalog.CategoryService;
import dev.emporium.catalog.ProductPatch;
import dev.emporium.catalog.ProductService;
import dev.emporium.platform.cache.ETags;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Conditional requests on search, suggest and popular: a strong ETag over the bytes sent, 304 for a
 * matching If-None-Match (through the contract guard, so 304 must be documented), a new ETag once
 * the content changes.
 */
@IntegrationTest
class SearchETagTests {

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

    long product;

    @BeforeEach
    void fixture() {
        SearchFixture fixture = new SearchFixture(products, categories, jdbc, generator);
        product = fixture.product("ETAG-1", "Wombrix Teapot", "Brewline", "Pours tea.", fixture.leaf(0), 2_499);
        caches.invalidateAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/search?q=wombrix", "/api/v1/search/suggest?q=wombr", "/api/v1/search/popular"})
    void aMatchingIfNoneMatchIsAnswered304WithoutABody(String url) throws Exception {
        MvcResult first = mvc.perform(get(url))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-cache"))
                .andReturn();
        String etag = first.getResponse().getHeader("ETag");
        assertThat(etag).isEqualTo(ETags.of(first.getResponse().getContentAsByteArray()));

        mvc.perform(get(url).header("If-None-Match", etag))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", etag))
                .andExpect(header().string("X-Cache", "HIT"))
                .andExpect(content().bytes(new byte[0]));
        mvc.perform(get(url).header("If-None-Match", "\"other\", " + etag)).andExpect(status().isNotModified());
        mvc.perform(get(url).header("If-None-Match", "\"something-else\"")).andExpect(status().isOk());
    }

    @Test
    void theETagFollowsTheContentAndNotTheCacheTier() throws Exception {
        String miss = etag(mvc.perform(get("/api/v1/search").param("q", "wombrix"))
                .andExpect(header().string("X-Cache", "MISS"))
                .andReturn());
        String hit = etag(mvc.perform(get("/api/v1/search").param("q", "WOMBRIX "))
                .andExpect(header().string("X-Cache", "HIT"))
                .andReturn());
        assertThat(hit).isEqualTo(miss);

        products.update(product, new ProductPatch(2_999L, null, null, null, null));
        String changed =
                etag(mvc.perform(get("/api/v1/search").param("q", "wombrix")).andReturn());
        assertThat(changed).isNotEqualTo(miss);
        mvc.perform(get("/api/v1/search").param("q", "wombrix").header("If-None-Match", miss))
                .andExpect(status().isOk());
    }

    @Test
    void aStockOnlyChangeKeepsCachedResultsWhileAPriceChangeDropsThem() throws Exception {
        mvc.perform(get("/api/v1/search").param("q", "wombrix")).andExpect(header().string("X-Cache", "MISS"));

        products.update(product, new ProductPatch(null, 7, null, null, null));
        mvc.perform(get("/api/v1/search").param("q", "wombrix")).andExpect(header().string("X-Cache", "HIT"));

        products.update(product, new ProductPatch(3_499L, null, null, null, null));
        mvc.perform(get("/api/v1/search").param("q", "wombrix")).andExpect(header().string("X-Cache", "MISS"));
    }

    private static String etag(MvcResult result) {
        return result.getResponse().getHeader("ETag");
    }
}
