package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The shedding filter in the application: with every permit taken (as a burst of slow requests would
 * take them), a database-bound request waits its bounded time and gets 503 problem+json with {@code
 * Retry-After}, while cache hits, health probes and the ops snapshot still answer; once permits
 * return, the same request is served. Every exchange is checked against the served document, so the
 * 503 and its header are declared there.
 */
@IntegrationTest
class LoadSheddingTests {

    private static final String PAGE = "/api/v1/products?limit=3&sort=newest";

    @Autowired
    MockMvc mvc;

    @Autowired
    LoadShedder shedder;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    MeterRegistry registry;

    @Test
    void whenEveryPermitIsTakenDatabaseWorkIsShedButCacheHitsHealthAndOpsStillAnswer() throws Exception {
        String customer = TestTokens.bearer(tokens, 2, "CUSTOMER");
        String admin = TestTokens.bearer(tokens, 1, "ADMIN");
        mvc.perform(get(PAGE)).andExpect(status().isOk());
        mvc.perform(get(PAGE)).andExpect(status().isOk()).andExpect(header().string("X-Cache", "HIT"));
        double shedBefore = shedCount();

        for (int i = 0; i < shedder.maxConcurrent(); i++) {
            assertThat(shedder.acquire()).isEqualTo(LoadShedder.Admission.ADMITTED);
        }
        try {
            mvc.perform(get(PAGE).header(HttpHeaders.AUTHORIZATION, customer))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(503))
                    .andExpect(jsonPath("$.code").value("overloaded"));
            mvc.perform(get(PAGE)).andExpect(status().isOk()).andExpect(header().string("X-Cache", "HIT"));
            mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
            mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
            mvc.perform(get("/api/v1/admin/ops/snapshot").header(HttpHeaders.AUTHORIZATION, admin))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.shedding.inFlight").value(shedder.maxConcurrent()))
                    .andExpect(jsonPath("$.shedding.limit").value(shedder.maxConcurrent()));
            mvc.perform(get(PAGE).header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token"))
                    .andExpect(status().isUnauthorized());
        } finally {
            for (int i = 0; i < shedder.maxConcurrent(); i++) {
                shedder.release();
            }
        }
        assertThat(shedCount() - shedBefore).isEqualTo(1);
        mvc.perform(get(PAGE).header(HttpHeaders.AUTHORIZATION, customer)).andExpect(status().isOk());
    }

    @Test
    void limitsDeriveFromTheConnectionPool() {
        assertThat(shedder.maxConcurrent()).isEqualTo(10);
        assertThat(shedder.queueSize()).isEqualTo(20);
    }

    private double shedCount() {
        return registry.find("emporium.shedding.shed").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
