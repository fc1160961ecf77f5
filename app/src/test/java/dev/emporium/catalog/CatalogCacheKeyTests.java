package dev.emporium.catalog;

import static dev.emporium.support.ContractGuardConfiguration.offContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.platform.cache.TieredCaches;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/** How requests map to cache entries: canonical keys, what bypasses, and what a write invalidates. */
@IntegrationTest
class CatalogCacheKeyTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    TieredCaches caches;

    @Autowired
    JwtEncoder encoder;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void loadData() {
        TestData.ensureLoaded(generator, jdbc);
        caches.clearLocal();
    }

    @Test
    void reorderedRespelledAndUnknownParametersShareOneEntry() throws Exception {
        xCache("/api/v1/products?sort=price_asc&limit=7&category=1").andExpect(header().string("X-Cache", "MISS"));
        mvc.perform(get("/api/v1/products?limit=007&utm_source=x&category=1&sort=price_asc&offset=0")
                        .with(offContract("unknown parameters are ignored and numbers may carry leading zeros")))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Cache", "HIT"));
        mvc.perform(get("/api/v1/products?category=1&sort=price_asc&limit=7&&x=1")
                        .with(offContract("unknown parameters and empty pairs are ignored")))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Cache", "HIT"));
    }

    @Test
    void aRepeatedParameterIsA400NamingItAndIsNotCached() throws Exception {
        mvc.perform(get("/api/v1/products?brand=Acme&brand=Zeta"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'brand'")));
        mvc.perform(get("/api/v1/products?limit=5&limit=6")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/products/popular?category=1&category=2")).andExpect(status().isBadRequest());
    }

    @Test
    void largePagesAndDeepOffsetsAreServedButNotStored() throws Exception {
        for (String url : new String[] {"/api/v1/products?limit=500", "/api/v1/products?offset=2000&limit=10"}) {
            mvc.perform(get(url)).andExpect(status().isOk()).andExpect(header().string("X-Cache", "BYPASS"));
            mvc.perform(get(url)).andExpect(header().string("X-Cache", "BYPASS"));
        }
    }

    @Test
    void cookiesTheApiDoesNotReadDoNotBypassTheCache() throws Exception {
        String url = "/api/v1/products?sort=newest&limit=3";
        mvc.perform(get(url).header("Cookie", "_ga=GA1.2.3; theme=dark")).andExpect(header().string("X-Cache", "MISS"));
        mvc.perform(get(url).header("Cookie", "_ga=GA1.9.9")).andExpect(header().string("X-Cache", "HIT"));
    }

    @Test
    void anUnusualAcceptIsNeverCachedNorReplayedToOthers() throws Exception {
        String url = "/api/v1/products?sort=price_desc&limit=4";
        mvc.perform(get(url).header("Accept", "application/vnd.x+json")
                        .with(offContract("a vendor JSON type is answered in that type, never from the cache")))
                .andExpect(header().string("X-Cache", "BYPASS"));
        mvc.perform(get(url))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Cache", "MISS"))
                .andExpect(header().string("Content-Type", "application/json"));
        mvc.perform(get(url).header("Accept", "application/json"))
                .andExpect(header().string("X-Cache", "HIT"))
                .andExpect(header().string("Content-Type", "application/json"));
    }

    @Test
    void aStockChangeKeepsListPagesWarmWhileAPriceChangeRefreshesThem() throws Exception {
        long id = 77;
        long category = jdbc.sql("select category_id from products where id = 77")
                .query(Long.class)
                .single();
        String list = "/api/v1/products?category=" + category + "&limit=100";
        String all = "/api/v1/products?limit=20";
        mvc.perform(get(list));
        mvc.perform(get(all));
        mvc.perform(get("/api/v1/products/" + id));

        patchProduct(id, "{\"stock\":" + (1000 + (System.nanoTime() & 0xff)) + "}");
        xCache(list).andExpect(header().string("X-Cache", "HIT"));
        xCache(all).andExpect(header().string("X-Cache", "HIT"));
        long stock = jdbc.sql("select stock from products where id = 77")
                .query(Long.class)
                .single();
        xCache("/api/v1/products/" + id)
                .andExpect(header().string("X-Cache", "MISS"))
                .andExpect(jsonPath("$.stock").value(stock));

        patchProduct(id, "{\"price\":" + (5000 + (System.nanoTime() & 0xff)) + "}");
        xCache(list).andExpect(header().string("X-Cache", "MISS"));
        xCache(all).andExpect(header().string("X-Cache", "MISS"));
    }

    @Test
    void integrationTestsNeverUseTheDefaultRedisNamespace(
            @org.springframework.beans.factory.annotation.Value("${emporium.cache.namespace}") String namespace) {
        assertThat(namespace).startsWith("test-").isNotEqualTo("emporium");
    }

    private ResultActions xCache(String url) throws Exception {
        return mvc.perform(get(url)).andExpect(status().isOk());
    }

    private void patchProduct(long id, String body) throws Exception {
        mvc.perform(patch("/api/v1/admin/products/" + id)
                        .header("Authorization", TestTokens.bearer(encoder, 1, "ADMIN"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk());
    }
}
