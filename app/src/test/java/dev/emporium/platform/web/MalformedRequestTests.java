package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.ContractGuard;
import dev.emporium.support.RawHttp;
import dev.emporium.support.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed and misdirected requests, sent byte for byte to the real Jetty server (MockMvc would
 * skip Jetty's own parsing): each gets a 4xx problem+json with the right status, never a 500 and
 * never an HTML page; unknown routes and wrong methods get 404 and 405 with or without a token.
 * Every answer under {@code /api/} is also checked against the served document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedRequestTests {

    private static final String JSON = "Content-Type: application/json";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JwtEncoder encoder;

    ContractGuard guard;

    @BeforeEach
    void fetchDocument() {
        guard = ContractGuard.forDocument(
                RawHttp.send(port, "GET", "/v3/api-docs", List.of(), null).bodyText());
    }

    static Stream<Arguments> malformed() {
        byte[] notUtf8 = "{\"email\":\"\u00ff\",\"password\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                get("bad percent-encoding in the query", "/api/v1/products?cursor=%%%garbage", 400),
                get("truncated percent-encoding in the query", "/api/v1/products?brand=Acme%2", 400),
                get("invalid UTF-8 in the query", "/api/v1/products?brand=%C3%28", 400),
                get("invalid UTF-8 in a parameter name", "/api/v1/products?%FF=1", 400),
                get("bad percent-encoding in the path", "/api/v1/products/%zz", 400),
                get("invalid UTF-8 in the path", "/api/v1/products/%C3%28", 400),
                get("a path id that is not a number", "/api/v1/products/abc", 400),
                get("a duplicated parameter", "/api/v1/products?limit=1&limit=2", 400),
                get("a duplicated parameter with equal values", "/api/v1/products?sort=newest&sort=newest", 400),
                get("a parameter of the wrong type", "/api/v1/products?limit=abc", 400),
                get("a parameter out of bounds", "/api/v1/products?limit=501", 400),
                get("an over-long URL", "/api/v1/products?brand=" + "a".repeat(10_000), 414),
                Arguments.of(
                        "an over-long header",
                        "GET",
                        "/api/v1/products",
                        List.of("X-Padding: " + "a".repeat(20_000)),
                        null,
                        431),
                login("a JSON body that is not JSON", JSON, "{\"email\":".getBytes(StandardCharsets.UTF_8), 400),
                login("a JSON body of the wrong shape", JSON, "[1,2]".getBytes(StandardCharsets.UTF_8), 400),
                login("an empty JSON body", JSON, new byte[0], 400),
                login("a JSON body that is not UTF-8", JSON, notUtf8, 400),
                login("the wrong content type", "Content-Type: text/plain", bytes("email=a"), 415),
                login(
                        "a form instead of JSON",
                        "Content-Type: application/x-www-form-urlencoded",
                        bytes("email=a"),
                        415),
                Arguments.of(
                        "a declared body over 1 MiB",
                        "POST",
                        "/api/v1/auth/login",
                        List.of(JSON, "Content-Length: 2000000"),
                        null,
                        413));
    }

    private static Arguments get(String name, String target, int status) {
        return Arguments.of(name, "GET", target, List.of(), null, status);
    }

    private static Arguments login(String name, String contentType, byte[] body, int status) {
        return Arguments.of(name, "POST", "/api/v1/auth/login", List.of(contentType), body, status);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} → {5}")
    @MethodSource("malformed")
    void malformedRequestsGetA4xxProblem(
            String name, String method, String target, List<String> headers, byte[] body, int status) {
        RawHttp.Response response = RawHttp.send(port, method, target, headers, body);
        assertProblem(response, status);
        guard(method, target, headers, body, response);
    }

    static Stream<Arguments> misdirected() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/nonexistent", 404, null),
                Arguments.of("GET", "/api/v1/admin/nonexistent", 404, null),
                Arguments.of("GET", "/nonexistent", 404, null),
                Arguments.of("DELETE", "/api/v1/products/1", 405, "GET"),
                Arguments.of("POST", "/api/v1/categories", 405, "GET"),
                Arguments.of("GET", "/api/v1/auth/login", 405, "POST"),
                Arguments.of("DELETE", "/api/v1/me", 405, "GET"),
                Arguments.of("PUT", "/api/v1/admin/products/1", 405, "PATCH"));
    }

    @ParameterizedTest(name = "{0} {1} without a token → {2}")
    @MethodSource("misdirected")
    void unknownRoutesAndWrongMethodsAreNotAuthenticationFailures(
            String method, String path, int status, String allow) {
        RawHttp.Response response = RawHttp.send(port, method, path, List.of(), null);
        assertProblem(response, status);
        assertThat(response.header("Allow")).isEqualTo(allow);
        guard(method, path, List.of(), null, response);
    }

    @ParameterizedTest(name = "{0} {1} with a customer's token → {2}")
    @MethodSource("misdirected")
    void theSameAnswersWithAToken(String method, String path, int status, String allow) {
        List<String> headers = List.of("Authorization: " + TestTokens.bearer(encoder, 1, "CUSTOMER"));
        RawHttp.Response response = RawHttp.send(port, method, path, headers, null);
        assertProblem(response, status);
        assertThat(response.header("Allow")).isEqualTo(allow);
        guard(method, path, headers, null, response);
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = MAPPER.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString()).isEqualTo("https://emporium.dev/problems/" + status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    private void guard(String method, String target, List<String> headers, byte[] body, RawHttp.Response response) {
        int q = target.indexOf('?');
        List<String> names = new ArrayList<>();
        var requestHeaders = new java.util.LinkedHashMap<String, List<String>>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            names.add(h.substring(0, colon));
            requestHeaders.put(
                    h.substring(0, colon), List.of(h.substring(colon + 1).trim()));
        }
        guard.check(new ContractGuard.Exchange(
                method,
                q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1),
                requestHeaders,
                body,
                response.status(),
                response.headers(),
                response.body()));
    }
}
