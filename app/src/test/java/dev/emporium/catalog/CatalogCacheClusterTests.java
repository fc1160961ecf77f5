package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.EmporiumApplication;
import dev.emporium.platform.cache.TieredCaches;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ContractGuard;
import dev.emporium.support.RedisTestSupport;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two application nodes on random ports sharing one PostgreSQL and one real Redis, exercised over
 * HTTP: the cache's contract as clients and other nodes see it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogCacheClusterTests {

    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();
    static ContractGuard guard;

    @BeforeAll
    static void startTwoNodes() {
        String namespace = "cluster-" + UUID.randomUUID();
        nodeA = start(namespace);
        nodeB = start(namespace);
        TestData.ensureLoaded(nodeA.getBean(DataGenerator.class), nodeA.getBean(JdbcClient.class));
        guard = ContractGuard.forServer(uri(nodeA, "/"));
    }

    @AfterAll
    static void stopNodes() {
        nodeB.close();
        nodeA.close();
    }

    private static ConfigurableApplicationContext start(String namespace) {
        return new SpringApplicationBuilder(EmporiumApplication.class)
                .run(
                        "--server.port=0",
                        "--emporium.cache.redis-url=" + RedisTestSupport.url(),
                        "--emporium.cache.namespace=" + namespace,
                        "--emporium.cache.warm.enabled=false",
                        "--spring.jmx.enabled=false",
                        "--management.endpoint.health.show-details=always");
    }

    @Test
    @Order(1)
    void firstRequestMissesThenHitsFromL1AndTheOtherNodeHitsFromL2() throws Exception {
        String url = "/api/v1/products?sort=price_asc&limit=7";
        double loadsBefore = loads(nodeA);
        HttpResponse<byte[]> miss = get(nodeA, url);
        HttpResponse<byte[]> hit = get(nodeA, url);
        HttpResponse<byte[]> remote = get(nodeB, url);
        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(miss.headers().firstValue("X-Cache-Tier")).isEmpty();
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(hit.headers().firstValue("X-Cache-Tier")).hasValue("L1");
        assertThat(remote.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(remote.headers().firstValue("X-Cache-Tier")).hasValue("L2");
        assertThat(loads(nodeA) - loadsBefore)
                .as("only the miss went to the database")
                .isEqualTo(1.0);
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(remote.body()).isEqualTo(miss.body());
        assertThat(hit.headers().firstValue("ETag"))
                .isEqualTo(miss.headers().firstValue("ETag"))
                .isPresent();
        assertThat(hit.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(hit.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(hit.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(hit.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("json"));
    }

    @Test
    @Order(2)
    void matchingEtagIsAnswered304AndGzipIsTheSameBody() throws Exception {
        String url = "/api/v1/products?sort=newest&limit=20";
        HttpResponse<byte[]> plain = get(nodeA, url);
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> notModified = send(nodeA, url, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(send(nodeA, url, "If-None-Match", "\"something-else\"").statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> gzip = send(nodeA, url, "Accept-Encoding", "gzip");
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("ETag"))
                .isPresent()
                .isNotEqualTo(plain.headers().firstValue("ETag"));
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    @Order(3)
    void callersWithCredentialsBypassTheCache() throws Exception {
        String admin = TestTokens.bearer(nodeA.getBean(JwtEncoder.class), 1, "ADMIN");
        HttpResponse<byte[]> response = send(nodeA, "/api/v1/products/41", "Authorization", admin);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Cache")).hasValue("BYPASS");
    }

    @Test
    @Order(4)
    void anUpdateThroughOneNodeIsServedByTheOtherOnItsNextRequest() throws Exception {
        long id = 4242;
        long category =
                product(get(nodeB, "/api/v1/products/" + id)).get("categoryId").asLong();
        String list = "/api/v1/products?category=" + category + "&limit=500&sort=newest";
        get(nodeB, list);
        assertThat(get(nodeB, "/api/v1/products/" + id).headers().firstValue("X-Cache"))
                .hasValue("HIT");
        assertThat(get(nodeB, list).headers().firstValue("X-Cache")).hasValue("HIT");
        long newPrice = 100_000 + (System.nanoTime() & 0xffff);
        patch(nodeA, id, "{\"price\":" + newPrice + "}");
        assertThat(product(get(nodeB, "/api/v1/products/" + id)).get("price").asLong())
                .isEqualTo(newPrice);
        assertThat(priceInList(get(nodeB, list), id)).isEqualTo(newPrice);
        assertThat(product(get(nodeA, "/api/v1/products/" + id)).get("price").asLong())
                .isEqualTo(newPrice);
    }

    @Test
    @Order(5)
    void redisOutageFailsNoRequestAndL2HitsResumeWhenItReturns() throws Exception {
        Assumptions.assumeTrue(RedisTestSupport.restartable(), "the machine's Redis is not ours to stop");
        long id = 4343;
        String detail = "/api/v1/products/" + id;
        get(nodeA, detail);
        get(nodeB, detail);
        RedisTestSupport.stop();
        try {
            java.util.List<String> failed = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                var node = i % 2 == 0 ? nodeA : nodeB;
                String url = i % 3 == 0 ? detail : "/api/v1/products?sort=price_asc&limit=" + (1 + i % 40);
                int status = get(node, url).statusCode();
                if (status != 200) {
                    failed.add(url + " -> " + status);
                }
            }
            assertThat(failed).isEmpty();
            long newPrice = 200_000 + (System.nanoTime() & 0xffff);
            patch(nodeA, id, "{\"price\":" + newPrice + "}");
            assertThat(product(get(nodeA, detail)).get("price").asLong())
                    .as("the writer reads its write")
                    .isEqualTo(newPrice);
            JsonNode health = json.readTree(get(nodeA, "/actuator/health").body());
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("cache").get("status").asString())
                    .isEqualTo("DEGRADED");
        } finally {
            RedisTestSupport.start();
        }
        awaitL2Up(nodeA);
        awaitL2Up(nodeB);
        long price = product(get(nodeA, detail)).get("price").asLong();
        assertThat(product(get(nodeB, detail)).get("price").asLong())
                .as("B heard about the write made during the outage")
                .isEqualTo(price);
        String url = "/api/v1/products?sort=price_desc&limit=3";
        assertThat(get(nodeA, url).headers().firstValue("X-Cache")).hasValue("MISS");
        HttpResponse<byte[]> fromRedis = get(nodeB, url);
        assertThat(fromRedis.headers().firstValue("X-Cache-Tier")).hasValue("L2");
    }

    private static void awaitL2Up(ConfigurableApplicationContext node) throws Exception {
        for (int i = 0; i < 300; i++) {
            JsonNode cache = json.readTree(get(node, "/actuator/health").body())
                    .get("components")
                    .get("cache");
            if (cache.get("details").get("l2").asString().equals("UP")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("L2 did not come back");
    }

    private static double loads(ConfigurableApplicationContext node) {
        var timer = node.getBean(MeterRegistry.class)
                .find("emporium.cache.loads")
                .tag("cache", "product-pages")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private static JsonNode product(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static long priceInList(HttpResponse<byte[]> response, long id) {
        for (JsonNode item : json.readTree(response.body()).get("items")) {
            if (item.get("id").asLong() == id) {
                return item.get("price").asLong();
            }
        }
        throw new AssertionError("product " + id + " not in the list");
    }

    private static void patch(ConfigurableApplicationContext node, long id, String body) throws Exception {
        String admin = TestTokens.bearer(node.getBean(JwtEncoder.class), 1, "ADMIN");
        HttpRequest request = HttpRequest.newBuilder(uri(node, "/api/v1/admin/products/" + id))
                .header("Authorization", admin)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<byte[]> response = guard.checked(
                http.send(request, HttpResponse.BodyHandlers.ofByteArray()),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<byte[]> get(ConfigurableApplicationContext node, String path) throws Exception {
        return guard.checked(
                http.send(
                        HttpRequest.newBuilder(uri(node, path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()),
                null);
    }

    private static HttpResponse<byte[]> send(
            ConfigurableApplicationContext node, String path, String header, String value) throws Exception {
        return guard.checked(
                http.send(
                        HttpRequest.newBuilder(uri(node, path))
                                .header(header, value)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray()),
                null);
    }

    private static URI uri(ConfigurableApplicationContext node, String path) {
        return URI.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port") + path);
    }

    static TieredCaches caches(ConfigurableApplicationContext node) {
        return node.getBean(TieredCaches.class);
    }
}
