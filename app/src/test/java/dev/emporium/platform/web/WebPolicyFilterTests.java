package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** The CORS policy and the security headers, filter by filter. */
class WebPolicyFilterTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static WebPolicyProperties.Cors cors(String... origins) {
        return new WebPolicyProperties.Cors(
                List.of(origins),
                List.of("GET", "POST"),
                List.of("Authorization", "Content-Type"),
                List.of("ETag"),
                Duration.ofHours(1));
    }

    private static final class Recorded {
        final MockHttpServletResponse response = new MockHttpServletResponse();
        final AtomicBoolean reachedApplication = new AtomicBoolean();
    }

    private static Recorded run(jakarta.servlet.Filter filter, MockHttpServletRequest request) throws Exception {
        Recorded recorded = new Recorded();
        filter.doFilter(request, recorded.response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                recorded.reachedApplication.set(true);
                res.setStatus(200);
            }
        }));
        return recorded;
    }

    private static MockHttpServletRequest preflight(String origin) {
        MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/api/v1/wallet");
        request.setServerName("api.example.com");
        request.addHeader("Origin", origin);
        request.addHeader("Access-Control-Request-Method", "POST");
        request.addHeader("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    @Test
    void byDefaultEveryPreflightIsRefusedAndNoResponseCarriesCorsHeaders() throws Exception {
        CorsPolicyFilter filter = new CorsPolicyFilter(cors(), JSON);
        Recorded refused = run(filter, preflight("https://evil.example"));
        assertThat(refused.response.getStatus()).isEqualTo(HttpServletResponse.SC_FORBIDDEN);
        assertThat(refused.response.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.response.getHeader("Access-Control-Allow-Origin")).isNull();
        assertThat(refused.reachedApplication).isFalse();

        MockHttpServletRequest actual = new MockHttpServletRequest("GET", "/api/v1/products");
        actual.setServerName("api.example.com");
        actual.addHeader("Origin", "https://evil.example");
        Recorded served = run(filter, actual);
        assertThat(served.reachedApplication).isTrue();
        assertThat(served.response.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aListedOriginGetsItsPreflightAnsweredAndItsResponsesReadable() throws Exception {
        CorsPolicyFilter filter = new CorsPolicyFilter(cors("https://shop.example.com"), JSON);
        Recorded answered = run(filter, preflight("https://shop.example.com"));
        assertThat(answered.response.getStatus()).isEqualTo(200);
        assertThat(answered.response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://shop.example.com");
        assertThat(answered.response.getHeader("Access-Control-Allow-Methods")).contains("POST");
        assertThat(answered.response.getHeader("Access-Control-Max-Age")).isEqualTo("3600");
        assertThat(answered.reachedApplication)
                .as("a preflight is answered by the filter")
                .isFalse();

        Recorded otherOrigin = run(filter, preflight("https://shop.example.com.evil.example"));
        assertThat(otherOrigin.response.getStatus()).isEqualTo(403);

        MockHttpServletRequest badMethod = preflight("https://shop.example.com");
        badMethod.removeHeader("Access-Control-Request-Method");
        badMethod.addHeader("Access-Control-Request-Method", "DELETE");
        assertThat(run(filter, badMethod).response.getStatus()).isEqualTo(403);

        MockHttpServletRequest actual = new MockHttpServletRequest("GET", "/api/v1/products");
        actual.setServerName("api.example.com");
        actual.addHeader("Origin", "https://shop.example.com");
        Recorded served = run(filter, actual);
        assertThat(served.reachedApplication).isTrue();
        assertThat(served.response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://shop.example.com");
        assertThat(served.response.getHeader("Access-Control-Expose-Headers")).contains("ETag");
    }

    @Test
    void everyResponseCarriesTheHeadersAndTheOpsPageItsOwnPolicy() throws Exception {
        SecurityHeadersFilter filter = new SecurityHeadersFilter(
                new WebPolicyProperties(cors(), List.of(), Duration.ofDays(365), 1024, 0),
                new TrustedProxies(List.of()));
        MockHttpServletResponse api = run(filter, new MockHttpServletRequest("GET", "/api/v1/products")).response;
        assertThat(api.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(api.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(api.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeadersFilter.API_POLICY);
        assertThat(api.getHeader("Strict-Transport-Security")).isNull();
        MockHttpServletResponse ops = run(filter, new MockHttpServletRequest("GET", "/ops/index.html")).response;
        assertThat(ops.getHeader("Content-Security-Policy"))
                .isEqualTo(SecurityHeadersFilter.OPS_POLICY)
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void hstsOnlyOverTlsOrFromATrustedProxySayingHttps() throws Exception {
        List<String> proxies = List.of("10.0.0.0/8", "2001:db8::/32");
        SecurityHeadersFilter filter = new SecurityHeadersFilter(
                new WebPolicyProperties(cors(), proxies, Duration.ofDays(365), 1024, 0), new TrustedProxies(proxies));
        MockHttpServletRequest tls = new MockHttpServletRequest("GET", "/api/v1/products");
        tls.setSecure(true);
        assertThat(run(filter, tls).response.getHeader("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains");

        MockHttpServletRequest viaProxy = new MockHttpServletRequest("GET", "/api/v1/products");
        viaProxy.setRemoteAddr("10.1.2.3");
        viaProxy.addHeader("X-Forwarded-Proto", "https");
        assertThat(run(filter, viaProxy).response.getHeader("Strict-Transport-Security"))
                .isNotNull();

        MockHttpServletRequest spoofed = new MockHttpServletRequest("GET", "/api/v1/products");
        spoofed.setRemoteAddr("203.0.113.7");
        spoofed.addHeader("X-Forwarded-Proto", "https");
        assertThat(run(filter, spoofed).response.getHeader("Strict-Transport-Security"))
                .isNull();

        MockHttpServletRequest viaIpv6Proxy = new MockHttpServletRequest("GET", "/api/v1/products");
        viaIpv6Proxy.setRemoteAddr("2001:db8:5::1");
        viaIpv6Proxy.addHeader("X-Forwarded-Proto", "https");
        assertThat(run(filter, viaIpv6Proxy).response.getHeader("Strict-Transport-Security"))
                .as("the same block list as the rate limiter's client address, IPv6 included")
                .isNotNull();

        MockHttpServletRequest proxySayingHttp = new MockHttpServletRequest("GET", "/api/v1/products");
        proxySayingHttp.setRemoteAddr("10.1.2.3");
        proxySayingHttp.addHeader("X-Forwarded-Proto", "http");
        assertThat(run(filter, proxySayingHttp).response.getHeader("Strict-Transport-Security"))
                .isNull();
    }
}
