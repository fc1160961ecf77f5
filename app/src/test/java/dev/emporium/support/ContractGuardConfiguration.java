package dev.emporium.support;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Puts the {@link ContractGuard} behind every MockMvc of an {@link IntegrationTest}: each
 * {@code mvc.perform(...)} is checked against the document the application serves at
 * {@code /v3/api-docs}, and a mismatch fails that test. The document is fetched once per
 * application context, through a separate MockMvc so that fetching it is not itself guarded.
 *
 * <p>Nothing to do in a test: {@code @IntegrationTest} imports this. A test that deliberately
 * makes an exchange the document does not describe should not exist; fix the document instead.
 * The one exception is {@link #offContract(String)}: a test of the server's tolerance for requests
 * outside the contract (unknown parameters ignored, non-canonical spellings, vendor media types),
 * which says why in its argument. Such an exchange is not checked at all, so keep them rare.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ContractGuardConfiguration {

    private static final java.util.concurrent.atomic.AtomicLong CHECKED = new java.util.concurrent.atomic.AtomicLong();

    private static final String OFF_CONTRACT = ContractGuardConfiguration.class.getName() + ".offContract";

    /**
     * Marks a request as deliberately outside the documented contract, so the guard skips it; {@code why}
     * is recorded on the request for anyone debugging the test.
     */
    public static org.springframework.test.web.servlet.request.RequestPostProcessor offContract(String why) {
        return request -> {
            request.setAttribute(OFF_CONTRACT, why);
            return request;
        };
    }

    /** How many exchanges the guard has checked in this JVM; lets a test prove the guard is wired in. */
    public static long checkedExchanges() {
        return CHECKED.get();
    }

    @Bean
    MockMvcBuilderCustomizer contractGuardCustomizer(WebApplicationContext context) {
        var lazy = new Object() {
            volatile ContractGuard guard;

            ContractGuard get() throws Exception {
                if (guard == null) {
                    String document = MockMvcBuilders.webAppContextSetup(context)
                            .build()
                            .perform(MockMvcRequestBuilders.get("/v3/api-docs"))
                            .andReturn()
                            .getResponse()
                            .getContentAsString();
                    guard = ContractGuard.forDocument(document);
                }
                return guard;
            }
        };
        return builder -> builder.alwaysDo(result -> {
            if (result.getRequest().getAttribute(OFF_CONTRACT) != null) {
                return;
            }
            lazy.get().check(exchange(result));
            CHECKED.incrementAndGet();
        });
    }

    /** The exchange as MockMvc recorded it. */
    public static ContractGuard.Exchange exchange(MvcResult result) {
        MockHttpServletRequest request = result.getRequest();
        MockHttpServletResponse response = result.getResponse();
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            requestHeaders.put(name, Collections.list(request.getHeaders(name)));
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null && cookies.length > 0) {
            List<String> values = new ArrayList<>();
            for (Cookie c : cookies) {
                values.add(c.getName() + "=" + c.getValue());
            }
            requestHeaders.put("Cookie", values);
        }
        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        for (String name : response.getHeaderNames()) {
            responseHeaders.put(name, List.copyOf(response.getHeaders(name)));
        }
        if (response.getContentType() != null) {
            responseHeaders.put("Content-Type", List.of(response.getContentType()));
        }
        return new ContractGuard.Exchange(
                request.getMethod(),
                request.getRequestURI(),
                query(request),
                requestHeaders,
                request.getContentAsByteArray(),
                response.getStatus(),
                responseHeaders,
                response.getContentAsByteArray());
    }

    /**
     * The query as the client sent it. MockMvc's {@code .param(...)} sets parameters without a query
     * string; outside a form body those are query parameters, so they are spelled out here (a form
     * body's fields stay in the body).
     */
    private static @org.jspecify.annotations.Nullable String query(MockHttpServletRequest request) {
        if (request.getQueryString() != null || request.getParameterMap().isEmpty()) {
            return request.getQueryString();
        }
        String type = request.getContentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        StringBuilder query = new StringBuilder();
        request.getParameterMap().forEach((name, values) -> {
            for (String value : values) {
                if (!query.isEmpty()) {
                    query.append('&');
                }
                query.append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }
}
