package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request limits over real HTTP (chunked bodies and oversized headers cannot be sent through MockMvc): each
 * violation is a 4xx problem+json and changes nothing. Same context as {@code OpsPageBrowserTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestLimitsTests {

    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder encoder;

    @Test
    void jsonNestedDeeperThanTheLimitIs400AndCreatesNothing() throws Exception {
        String sku = "DEEP-" + UUID.randomUUID();
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertLimitProblem(createProduct(sku, deep), "nesting depth");
        assertThat(products(sku)).isZero();
    }

    @Test
    void aStringLongerThanTheLimitIs400() throws Exception {
        String email = "long-" + UUID.randomUUID() + "@example.test";
        HttpResponse<String> response = register("{\"email\":\"" + email
                + "\",\"password\":\"long enough password\",\"name\":\"" + "n".repeat(150_000) + "\"}");
        assertLimitProblem(response, "String value length");
        assertThat(registered(email)).isZero();
    }

    @Test
    void anArrayOfMoreTokensThanTheLimitIs400() throws Exception {
        String sku = "WIDE-" + UUID.randomUUID();
        assertLimitProblem(createProduct(sku, "{\"a\":[" + "1,".repeat(350_000) + "1]}"), "Token count");
        assertThat(products(sku)).isZero();
    }

    @Test
    void aChunkedBodyPastTheBodyLimitIs413() throws Exception {
        byte[] padding = " ".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new ByteArrayInputStream("{".getBytes(StandardCharsets.US_ASCII)),
                        new SequenceInputStream(
                                new ByteArrayInputStream(padding),
                                new ByteArrayInputStream("}".getBytes(StandardCharsets.US_ASCII))))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).get("detail").asString()).contains("1048576 bytes");
    }

    @Test
    void aHeaderLargerThanTheContainerAcceptsIs431ProblemJson() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/products?limit=1"))
                .header("X-Padding", "p".repeat(20_000))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private HttpResponse<String> createProduct(String sku, String attributes) throws Exception {
        jdbc.sql("insert into categories (name, slug) values ('Limits probe', 'limits-probe') on conflict do nothing")
                .update();
        long category = jdbc.sql("select id from categories where slug = 'limits-probe'")
                .query(Long.class)
                .single();
        String body = "{\"sku\":\"" + sku + "\",\"name\":\"Limit probe\",\"brand\":\"Probe\",\"categoryId\":" + category
                + ",\"price\":100,\"currency\":\"EUR\",\"stock\":1,\"attributes\":" + attributes + "}";
        return http.send(
                HttpRequest.newBuilder(uri("/api/v1/admin/products"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestTokens.bearer(encoder, 1, "ADMIN"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long products(String sku) {
        return jdbc.sql("select count(*) from products where sku = :sku")
                .param("sku", sku)
                .query(Long.class)
                .single();
    }

    private HttpResponse<String> register(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/api/v1/auth/register"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertLimitProblem(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("title").asString()).isEqualTo("Request body exceeds a limit");
        assertThat(problem.get("detail").asString()).contains(what).doesNotContain("StreamReadConstraints");
    }

    private long registered(String email) {
        return jdbc.sql("select count(*) from users where email = :email")
                .param("email", email)
                .query(Long.class)
                .single();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
