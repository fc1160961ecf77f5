package dev.emporium.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
                .andExpect(jsonPath("$.scans.length()").value(9))
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
    void scansAreCountedBySourceAndOutcome() throws Exception {
        assertThat(scans("single", "refused")).hasSize(1);
        long before = scans("single", "refused").getFirst();
        long applied = scans("single", "applied").getFirst();
        // a scan to PACKED of a code no parcel has: refused (404), nothing written
        mvc.perform(post("/api/v1/fulfillment/scans")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 3, "STAFF"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"scanId": "ops-%s", "qr": "C-OPSNOSUCHPARCEL%s", "area": "A01", "status": "PACKED"}
                                """.formatted(UUID.randomUUID(), System.nanoTime())))
                .andExpect(status().isNotFound());
        assertThat(scans("single", "refused")).containsExactly(before + 1);
        assertThat(scans("single", "applied")).containsExactly(applied);
        String snapshot = snapshotJson();
        List<String> series = JsonPath.read(snapshot, "$.scans[*].source");
        assertThat(series)
                .as("three sources times three outcomes, 0 until used")
                .hasSize(9);
        assertThat(JsonPath.<List<String>>read(snapshot, "$.scans[*].outcome"))
                .containsOnly("applied", "duplicate", "refused");
    }

    private List<Long> scans(String source, String outcome) throws Exception {
        List<Number> counts = JsonPath.read(
                snapshotJson(), "$.scans[?(@.source == '" + source + "' && @.outcome == '" + outcome + "')].count");
        return counts.stream().map(Number::longValue).toList();
    }

    private String snapshotJson() throws Exception {
        return mvc.perform(get("/api/v1/admin/ops/snapshot")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 1, "ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void endpointGroupsAreTheFirstSegmentAfterTheApiPrefix() {
        assertThat(OpsMeters.group("/api/v1/products/{id}")).isEqualTo("products");
        assertThat(OpsMeters.group("/api/v1/search")).isEqualTo("search");
        assertThat(OpsMeters.group("/actuator/prometheus")).isEqualTo("other");
        assertThat(OpsMeters.group(null)).isEqualTo("other");
    }
}
