package dev.emporium;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class ApplicationSmokeTests {

    @Autowired
    MockMvc mvc;

    @Test
    void readinessIsUpWithTheDatabase() throws Exception {
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void healthShowsComponentStatusesButNoDetailsToAnonymousCallers() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.cache.status").exists())
                .andExpect(jsonPath("$.components.db.details").doesNotExist())
                .andExpect(jsonPath("$.components.diskSpace.details").doesNotExist());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersCacheHitsAndRefusalsIncluded() throws Exception {
        mvc.perform(get("/api/v1/products?limit=3"));
        for (var answer : java.util.List.of(
                mvc.perform(get("/api/v1/products?limit=3")).andExpect(header().string("X-Cache", "HIT")),
                mvc.perform(get("/api/v1/me")).andExpect(status().isUnauthorized()),
                mvc.perform(get("/actuator/health")).andExpect(status().isOk()))) {
            answer.andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("X-Frame-Options", "DENY"))
                    .andExpect(header().string("Referrer-Policy", "no-referrer"))
                    .andExpect(header().string("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))
                    .andExpect(header().doesNotExist("Strict-Transport-Security"))
                    .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        }
    }

    @Test
    /** Loopback without a proxy header: what the bench scripts do (see MetricsAccessTests for the rest). */
    void prometheusExposesHikariPoolMetrics() throws Exception {
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("hikaricp_connections_active")));
    }
}
