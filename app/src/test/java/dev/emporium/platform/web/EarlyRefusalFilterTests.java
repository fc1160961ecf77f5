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
 * The two early refusals on their own: with the request's start time given, late API requests get the
 * shedder's 503 without reaching the chain, timely ones and probes pass, and unknown start times pass;
 * with the gate full, requests the response cache cannot answer are refused and anonymous GETs go on.
 */
class EarlyRefusalFilterTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private MockHttpServletResponse run(String path, EarlyRefusalFilter.StartTimes startTimes, MockFilterChain chain)
            throws Exception {
        EarlyRefusalFilter filter = new EarlyRefusalFilter(Duration.ofMillis(50), startTimes, null, json, 1, registry);
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

    @Test
    void whileTheGateIsFullRequestsTheCacheCannotAnswerAreRefusedAndAnonymousGetsGoOn() throws Exception {
        LoadShedder shedder = new LoadShedder(1, 0, Duration.ofMillis(10), registry);
        EarlyRefusalFilter filter = new EarlyRefusalFilter(Duration.ZERO, request -> null, shedder, json, 2, registry);

        MockFilterChain open = new MockFilterChain();
        filter.doFilter(
                withToken(new MockHttpServletRequest("GET", "/api/v1/wallet")), new MockHttpServletResponse(), open);
        assertThat(open.getRequest()).as("a free place: nothing refused").isNotNull();

        assertThat(shedder.acquire()).isEqualTo(LoadShedder.Admission.ADMITTED);
        assertThat(shedder.full()).isTrue();
        for (MockHttpServletRequest request : new MockHttpServletRequest[] {
            withToken(new MockHttpServletRequest("GET", "/api/v1/wallet/transactions")),
            new MockHttpServletRequest("POST", "/api/v1/auth/login")
        }) {
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(request, response, chain);
            assertThat(chain.getRequest()).as(request.getRequestURI()).isNull();
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("2");
            assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
            assertThat(response.getContentAsString()).contains("\"overloaded\"");
        }
        MockFilterChain anonymous = new MockFilterChain();
        filter.doFilter(
                new MockHttpServletRequest("GET", "/api/v1/products"), new MockHttpServletResponse(), anonymous);
        assertThat(anonymous.getRequest())
                .as("an anonymous GET may be a cache hit")
                .isNotNull();
        MockFilterChain health = new MockFilterChain();
        filter.doFilter(new MockHttpServletRequest("POST", "/actuator/health"), new MockHttpServletResponse(), health);
        assertThat(health.getRequest()).isNotNull();
        assertThat(registry.get("emporium.shedding.shed")
                        .tag("reason", "queue_full_early")
                        .counter()
                        .count())
                .isEqualTo(2);

        shedder.release();
        assertThat(shedder.full()).isFalse();
    }

    private static MockHttpServletRequest withToken(MockHttpServletRequest request) {
        request.addHeader("Authorization", "Bearer a.b.c");
        return request;
    }
}
