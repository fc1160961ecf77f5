package dev.emporium.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class OpsSnapshotTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JwtEncoder tokens;

    @Test
    void anAdminReadsCumulativeMetersAndOthersCannot() throws Exception {
        mvc.perform(get("/api/v1/categories"));
        mvc.perform(get("/api/v1/admin/ops/snapshot")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 1, "ADMIN")))
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$.requests[?(@.group == 'categories')].count").isNotEmpty())
                .andExpect(jsonPath("$.pool.max").isNumber())
                .andExpect(jsonPath("$.shedding.limit").isNumber())
                .andExpect(jsonPath("$.views[?(@.view == 'analytics_dashboard')].ageSeconds")
                        .isNotEmpty())
                .andExpect(jsonPath("$.views[?(@.view == 'fulfillment_stats')].ageSeconds")
                        .isNotEmpty());
        mvc.perform(get("/api/v1/admin/ops/snapshot")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 2, "CUSTOMER")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/admin/ops/snapshot")).andExpect(status().isUnauthorized());
    }

    @Test
    void endpointGroupsAreTheFirstSegmentAfterTheApiPrefix() {
        assertThat(OpsMeters.group("/api/v1/products/{id}")).isEqualTo("products");
        assertThat(OpsMeters.group("/api/v1/search")).isEqualTo("search");
        assertThat(OpsMeters.group("/actuator/prometheus")).isEqualTo("other");
        assertThat(OpsMeters.group(null)).isEqualTo("other");
    }
}
