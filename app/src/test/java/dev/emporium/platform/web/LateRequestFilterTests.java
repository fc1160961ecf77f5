package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The start-delay check on its own, with the request's start time given: late API requests get the
 * shedder's 503 without reaching the chain, timely ones and probes pass, and unknown start times pass.
 */
class LateRequestFilterTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private MockHttpServletResponse run(String path, LateRequestFilter.StartTimes startTimes, MockFilterChain chain)
            throws Exception {
        LateRequestFilter filter = new LateRequestFilter(Duration.ofMillis(50), startTimes, json, 1, registry);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", path), response, chain);
        return response;
    }

    @Test
    void anApiRequestThatWaitedLongerThanTheBoundIsRefusedWithTheShedders503() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        long aSecondAgo = System.nanoTime() - Duration.ofSeconds(1).toNanos();
        MockHttpServletResponse response = run("/api/v1/products", request -> aSecondAgo, chain);
        assertThat(chain.getRequest()).as("the chain never ran").isNull();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(response.getContentAsString());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("\"overloaded\"");
        assertThat(registry.get("emporium.shedding.shed")
                        .tag("reason", "start_delay")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void timelyRequestsProbesAndRequestsWithoutAStartTimePass() throws Exception {
        long now = System.nanoTime();
        MockFilterChain timely = new MockFilterChain();
        assertThat(run("/api/v1/products", request -> now, timely).getStatus()).isEqualTo(200);
        assertThat(timely.getRequest()).isNotNull();

        long aSecondAgo = now - Duration.ofSeconds(1).toNanos();
        MockFilterChain probe = new MockFilterChain();
        run("/actuator/health/readiness", request -> aSecondAgo, probe);
        assertThat(probe.getRequest()).as("health probes are always answered").isNotNull();
        MockFilterChain ops = new MockFilterChain();
        run(LoadSheddingFilter.OPS_PREFIX + "snapshot", request -> aSecondAgo, ops);
        assertThat(ops.getRequest()).as("the ops snapshot is never shed").isNotNull();

        MockFilterChain unknown = new MockFilterChain();
        run("/api/v1/products", request -> null, unknown);
        assertThat(unknown.getRequest()).isNotNull();
        assertThat(registry.find("emporium.shedding.shed")
                        .tag("reason", "start_delay")
                        .counter()
                        .count())
                .isZero();
    }
}
