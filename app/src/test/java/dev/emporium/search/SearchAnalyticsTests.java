package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.catalog.CategoryService;
import dev.emporium.catalog.ProductService;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;

/** Counting searches in memory, flushing them in batches, and reading them back as popular and analytics. */
@IntegrationTest
class SearchAnalyticsTests {

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
    SearchAnalyticsService analytics;

    @Autowired
    QueryCounter counter;

    @Autowired
    SearchCaches caches;

    @Autowired
    JwtEncoder encoder;

    @BeforeEach
    void fixture() {
        SearchFixture fixture = new SearchFixture(products, categories, jdbc, generator);
        fixture.product("ANLT-1", "Vorquatic Blender", "Mixwell", "Blends.", fixture.leaf(0), 5_999);
        analytics.flush();
        jdbc.sql("delete from search_query_stats").update();
        caches.invalidateAll();
    }

    @Test
    void searchesAreCountedInMemoryNormalisedAndWrittenInOneBatchPerFlush() throws Exception {
        mvc.perform(get("/api/v1/search").param("q", "Vorquatic  BLENDER")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/search").param("q", " vorquatic blender")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/search").param("q", "qqxxzzvv")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/search").param("q", "vorquatic blender").param("offset", "1"))
                .andExpect(status().isOk());
        assertThat(rows()).isZero();
        assertThat(analytics.flush()).isEqualTo(1);
        assertThat(jdbc.sql("select searches from search_query_stats where query = 'vorquatic blender'")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select zero_results from search_query_stats where query = 'qqxxzzvv'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(analytics.flush()).isZero();
    }

    @Test
    void concurrentSearchesAreCountedExactlyOnceAcrossFlushes() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        counter.record("hammer " + (i % 17), id % 2 == 0 && i % 3 == 0);
                    }
                }));
            }
            Future<?> flusher = pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    analytics.flush();
                }
            });
            for (Future<?> f : work) {
                f.get();
            }
            flusher.get();
        }
        analytics.flush();
        long total = jdbc.sql("select coalesce(sum(searches), 0) from search_query_stats where query like 'hammer %'")
                .query(Long.class)
                .single();
        assertThat(total).isEqualTo((long) threads * perThread);
    }

    @Test
    void popularListsFrequentSearchesOfTheWindowThatFoundSomething() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        stat(now, "recent lamp", 9, 0);
        stat(now.minus(3, ChronoUnit.DAYS), "older kettle", 20, 0);
        stat(now, "rare one", 1, 0);
        stat(now, "never found", 50, 50);
        mvc.perform(get("/api/v1/search/popular").param("window", "24h"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.window").value("24h"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].query").value("recent lamp"))
                .andExpect(jsonPath("$.items[0].searches").value(9));
        mvc.perform(get("/api/v1/search/popular").param("window", "7d"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].query").value("older kettle"))
                .andExpect(jsonPath("$.items[1].query").value("recent lamp"));
    }

    @Test
    void adminAnalyticsShowTopZeroResultQueriesAndHourlyVolume() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        stat(now, "recent lamp", 9, 0);
        stat(now.minus(2, ChronoUnit.HOURS), "never found", 4, 4);
        mvc.perform(get("/api/v1/admin/search/analytics")
                        .header("Authorization", TestTokens.bearer(encoder, 1, "ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.searches").value(13))
                .andExpect(jsonPath("$.zeroResultSearches").value(4))
                .andExpect(jsonPath("$.topQueries[0].query").value("recent lamp"))
                .andExpect(jsonPath("$.zeroResultQueries[0].query").value("never found"))
                .andExpect(jsonPath("$.volume.length()").value(2));
        mvc.perform(get("/api/v1/admin/search/analytics")
                        .header("Authorization", TestTokens.bearer(encoder, 2, "CUSTOMER")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/admin/search/analytics"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unknownWindowsAndLimitsAre400() throws Exception {
        for (String url : List.of(
                "/api/v1/search/popular?window=1h",
                "/api/v1/search/popular?window=",
                "/api/v1/search/popular?limit=0",
                "/api/v1/search/popular?limit=51")) {
            mvc.perform(get(url))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(get("/api/v1/admin/search/analytics?window=30d")
                        .header("Authorization", TestTokens.bearer(encoder, 1, "ADMIN")))
                .andExpect(status().isBadRequest());
    }

    private void stat(Instant bucket, String query, long searches, long zero) {
        jdbc.sql("insert into search_query_stats values (:b, :q, :s, :z)")
                .param("b", Timestamp.from(bucket))
                .param("q", query)
                .param("s", searches)
                .param("z", zero)
                .update();
    }

    private long rows() {
        return jdbc.sql("select count(*) from search_query_stats")
                .query(Long.class)
                .single();
    }
}
