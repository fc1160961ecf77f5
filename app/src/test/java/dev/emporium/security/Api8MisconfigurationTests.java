package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.emporium.account.AccountService;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API8:2023, security misconfiguration: the error paths. Whatever goes wrong (no such route, a
 * method the route does not take, a media type it does not read or write, JSON that does not parse or
 * does not fit, a path variable of the wrong type, a cursor out of range), the answer is an RFC 9457
 * problem that names no class, package, SQL, stack frame or library. Security headers, CORS and actuator
 * exposure are tested with the code that configures them.
 */
@IntegrationTest
class Api8MisconfigurationTests {

    /** What an error body must never contain: Java types and frames, SQL and driver text, library names. */
    static final Pattern LEAK = Pattern.compile(
            "(?i)(exception|\\bat [a-z]+\\.[a-z]|java\\.|javax\\.|jakarta\\.|tools\\.jackson|com\\.fasterxml|"
                    + "org\\.springframework|org\\.postgresql|dev\\.emporium|hikari|\\bselect\\b.*\\bfrom\\b|"
                    + "\\binsert into\\b|sqlstate|psql|syntax error at|stack ?trace|\\.java:[0-9]+)");

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    SecurityFixture fixture;
    User customer;
    User admin;

    @BeforeEach
    void setUp() {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        customer = fixture.customer();
        admin = fixture.admin();
    }

    @Test
    void unknownRoutesAndWrongMethodsAreProblemsWithoutDetailsOfTheServer() throws Exception {
        assertProblem(get("/api/v1/no-such-thing"), 404);
        assertProblem(get("/api/v1/no-such-thing").header("Authorization", customer.bearer()), 404);
        assertProblem(get("/api/v2/products"), 404);
        MockHttpServletResponse wrongMethod = assertProblem(put("/api/v1/products"), 405);
        assertThat(wrongMethod.getHeader("Allow")).contains("GET");
        assertProblem(request(HttpMethod.DELETE, "/api/v1/auth/login"), 405);
    }

    @Test
    void bodiesThatDoNotParseOrDoNotFitAreProblemsThatNameNoType() throws Exception {
        List<String> bodies = List.of(
                "{",
                "{\"items\":",
                "[]",
                "\"text\"",
                "{\"items\":\"not an array\"}",
                "{\"items\":[{\"productId\":\"one\",\"quantity\":1}]}",
                "{\"items\":[{\"productId\":1e400,\"quantity\":1}]}",
                "{\"items\":[{\"productId\":99999999999999999999999,\"quantity\":1}]}",
                "{\"items\":[{\"productId\":1,\"quantity\":{\"$gt\":0}}]}",
                "{\"items\":[null]}",
                "{\"@class\":\"java.lang.ProcessBuilder\",\"items\":[]}",
                "\u0000\u0001");
        for (String body : bodies) {
            assertProblem(
                    post("/api/v1/orders")
                            .header("Authorization", customer.bearer())
                            .header("Idempotency-Key", SecurityFixture.key())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body),
                    400);
        }
    }

    @Test
    void unsupportedMediaTypesAreProblems() throws Exception {
        assertProblem(
                post("/api/v1/auth/login")
                        .contentType(MediaType.APPLICATION_XML)
                        .content("<login><email>a@b.c</email></login>"),
                415);
        assertProblem(
                post("/api/v1/auth/login").contentType(MediaType.TEXT_PLAIN).content("x"), 415);
    }

    @Test
    void pathVariablesAndCursorsOfTheWrongShapeAreProblemsThatNameNoType() throws Exception {
        assertProblem(get("/api/v1/products/abc"), 400);
        assertProblem(get("/api/v1/products/99999999999999999999"), 400);
        assertProblem(get("/api/v1/orders/1.5").header("Authorization", customer.bearer()), 400);
        assertProblem(get("/api/v1/products").queryParam("cursor", "%%%"), 400);
        assertProblem(
                get("/api/v1/orders").queryParam("cursor", "x.y").header("Authorization", customer.bearer()), 400);
        assertProblem(
                get("/api/v1/admin/audit")
                        .queryParam("cursor", "'; select 1 --")
                        .header("Authorization", admin.bearer()),
                400);
    }

    @Test
    void idsAreReadAsPlainDecimalOnly() throws Exception {
        for (String id : new String[] {"0x1F", "0X1f", "1_000", "1e3", " 31", "31 ", "+-1"}) {
            String segment = org.springframework.web.util.UriUtils.encodePathSegment(id, "UTF-8");
            assertProblem(get(java.net.URI.create("/api/v1/products/" + segment)), 400);
            assertProblem(
                    post(java.net.URI.create("/api/v1/admin/orders/" + segment + "/ship"))
                            .header("Authorization", admin.bearer()),
                    400);
        }
        assertProblem(get("/api/v1/products/popular").queryParam("limit", "0x10"), 400);
    }

    @Test
    void cursorsAndDatesBeyondTheDatabasesCalendarAreA400NotAServerError() throws Exception {
        String far = "-9223372036854775808";
        assertProblem(
                get("/api/v1/orders").queryParam("cursor", far + ".1").header("Authorization", customer.bearer()), 400);
        String parcel =
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("p:" + far + ":1").getBytes());
        assertProblem(
                get("/api/v1/fulfillment/parcels").queryParam("cursor", parcel).header("Authorization", admin.bearer()),
                400);
        String delivery = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("-1000000000-01-01T00:00:00Z|1".getBytes());
        assertProblem(
                get("/api/v1/admin/supply/deliveries")
                        .queryParam("cursor", delivery)
                        .header("Authorization", admin.bearer()),
                400);
    }

    @Test
    void aHeaderTheFirewallRefusesIsA400Problem() throws Exception {
        assertProblem(
                get("/api/v1/wallet").header("Authorization", customer.bearer()).header("If-None-Match", "\"a\u0085\""),
                400);
        assertProblem(
                post("/api/v1/wallet/transfers")
                        .header("Authorization", customer.bearer())
                        .header("Idempotency-Key", "key-with-a-break\r\nX-Injected: 1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"toAccountId\":1,\"amount\":1}"),
                400);
    }

    private MockHttpServletResponse assertProblem(MockHttpServletRequestBuilder request, int... statuses)
            throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        List<Integer> allowed = new ArrayList<>();
        for (int s : statuses) {
            allowed.add(s);
        }
        String body = response.getContentAsString();
        assertThat(allowed).as(body).contains(response.getStatus());
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = json.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(response.getStatus());
        assertThat(problem.has("title")).isTrue();
        assertThat(LEAK.matcher(body).find()).as("a leak in " + body).isFalse();
        return response;
    }
}
