package dev.emporium.platform.security;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The metrics endpoints need a credential or a direct request from an allowed network (loopback by default);
 * health and info stay public. MockMvc requests come from 127.0.0.1 unless a test says otherwise.
 */
@IntegrationTest
class MetricsAccessTests {

    private static final String SCRAPE_TOKEN = "test-scrape-token-0123456789";

    @Autowired
    MockMvc mvc;

    @Autowired
    JwtEncoder encoder;

    @Test
    void anonymousRequestFromElsewhereIsUnauthorizedForPrometheusAndMetrics() throws Exception {
        mvc.perform(get("/actuator/prometheus").with(from("203.0.113.7")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/actuator/metrics").with(from("203.0.113.7"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/metrics/jvm.threads.live").with(from("203.0.113.7")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void healthAndInfoStayPublicFromAnywhere() throws Exception {
        mvc.perform(get("/actuator/health").with(from("203.0.113.7"))).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness").with(from("203.0.113.7"))).andExpect(status().isOk());
    }

    @Test
    void scrapeTokenOpensPrometheusFromAnywhereAndAWrongOneDoesNot() throws Exception {
        prometheus(get("/actuator/prometheus")
                        .with(from("203.0.113.7"))
                        .header("Authorization", "Bearer " + SCRAPE_TOKEN))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("hikaricp_connections_active")));
        mvc.perform(get("/actuator/prometheus")
                        .with(from("203.0.113.7"))
                        .header("Authorization", "Bearer " + SCRAPE_TOKEN + "x"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void adminTokenOpensMetricsAndACustomerTokenIsForbidden() throws Exception {
        mvc.perform(get("/actuator/prometheus")
                        .with(from("203.0.113.7"))
                        .header("Authorization", TestTokens.bearer(encoder, 1, "ADMIN")))
                .andExpect(status().isOk());
        mvc.perform(get("/actuator/metrics")
                        .with(from("203.0.113.7"))
                        .header("Authorization", TestTokens.bearer(encoder, 2, "CUSTOMER")))
                .andExpect(status().isForbidden());
    }

    @Test
    void loopbackIsAllowedOnlyWhenNoProxyForwardedTheRequest() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus").header("X-Forwarded-For", "198.51.100.9"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").header("Forwarded", "for=198.51.100.9"))
                .andExpect(status().isUnauthorized());
    }

    private org.springframework.test.web.servlet.ResultActions prometheus(MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
