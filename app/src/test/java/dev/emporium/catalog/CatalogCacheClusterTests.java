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
    void anUpdateThroughOneNodeIsServedByTheOtherOnceItsInvalidationsHaveArrived() throws Exception {
        // a product whose category and brand list fits one cached page (limit 100)
        long id = nodeA.getBean(JdbcClient.class).sql("""
                        select min(id) from products
                         where active and (category_id, brand) in (
                               select category_id, brand from products where active
                                group by 1, 2 having count(*) between 2 and 100)
                        """).query(Long.class).single();
        JsonNode before = product(get(nodeB, "/api/v1/products/" + id));
        String list = "/api/v1/products?category=" + before.get("categoryId").asLong() + "&brand="
                + java.net.URLEncoder.encode(before.get("brand").asString(), java.nio.charset.StandardCharsets.UTF_8)
                + "&limit=100&sort=newest";
        get(nodeB, list);
        assertThat(get(nodeB, "/api/v1/products/" + id).headers().firstValue("X-Cache"))
                .hasValue("HIT");
        assertThat(get(nodeB, list).headers().firstValue("X-Cache")).hasValue("HIT");
        long newPrice = 100_000 + (System.nanoTime() & 0xffff);
        double heard = received(nodeB, "product-pages");
        patch(nodeA, id, "{\"price\":" + newPrice + "}");
        // pub/sub is asynchronous (the documented limit): B is judged once A's messages have reached it
        awaitReceived(nodeB, "product-pages", heard + 1);
        assertThat(product(get(nodeB, "/api/v1/products/" + id)).get("price").asLong())
                .isEqualTo(newPrice);
        assertThat(priceInList(get(nodeB, list), id)).isEqualTo(newPrice);
        assertThat(product(get(nodeA, "/api/v1/products/" + id)).get("price").asLong())
                .isEqualTo(newPrice);
    }

    /**
     * Availability only: the embedded Redis here comes back empty, so this cannot show that nothing
     * stale survives an outage; {@code CacheRecoveryTests} does that with a Redis that keeps its data.
     */
    @Test
    @Order(5)
    void aRedisOutageFailsNoRequestDegradesOnlyTheCacheComponentAndL2HitsResume() throws Exception {
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
            assertThat(product(get(nodeB, detail)).get("price").asLong())
                    .as("the other node, once the write is acknowledged")
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
        String url = "/api/v1/products?sort=price_desc&limit=3";
        assertThat(get(nodeA, url).headers().firstValue("X-Cache")).hasValue("MISS");
        HttpResponse<byte[]> fromRedis = get(nodeB, url);
        assertThat(fromRedis.headers().firstValue("X-Cache-Tier")).hasValue("L2");
    }

    @Test
    @Order(6)
    void aCategoryChangeReachesTheOtherNodesTreeBeforeItsPagesAreBuiltAgain() throws Exception {
        assertThat(get(nodeB, "/api/v1/categories").statusCode()).isEqualTo(200);
        nodeB.getBean(CategoryService.class).tree();
        JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
        long fresh = jdbc.sql(
                        "insert into categories (parent_id, name, slug, depth) values (null, :n, :n, 0) returning id")
                .param("n", "zzz-fresh-" + UUID.randomUUID())
                .query(Long.class)
                .single();
        try {
            double heard = received(nodeB, "categories");
            nodeA.getBean(CategoryService.class).invalidate();
            nodeA.getBean(CatalogCaches.class).catalogReplaced();
            awaitReceived(nodeB, "categories", heard + 1);
            assertThat(get(nodeB, "/api/v1/products?category=" + fresh).statusCode())
                    .as("B's tree knows the new category")
                    .isEqualTo(200);
            assertThat(new String(get(nodeB, "/api/v1/categories").body())).contains("\"id\":" + fresh + ",");
        } finally {
            jdbc.sql("delete from categories where id = :id").param("id", fresh).update();
            nodeA.getBean(CategoryService.class).invalidate();
            nodeA.getBean(CatalogCaches.class).catalogReplaced();
        }
    }

    /**
     * 20,000 distinct URLs of the kind a crawler or an attacker sends (unknown parameters, reordered
     * ones, 500-item pages at many offsets) mixed with a little normal traffic: the entries they can
     * create are bounded by the canonical keys and the shapes worth caching, L1 by its byte bound,
     * Redis by the same keys; normal traffic keeps hitting.
     */
    @Test
    @Order(7)
    void twentyThousandHostileVariantsStayWithinMemoryBoundsAndNormalTrafficKeepsHitting() throws Exception {
        String namespace = nodeA.getEnvironment().getProperty("emporium.cache.namespace");
        io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(RedisTestSupport.url());
        try (var redis = admin.connect()) {
            long usedBefore = usedMemory(redis.sync().info("memory"));
            var hits = new java.util.concurrent.atomic.AtomicInteger();
            var normal = new java.util.concurrent.atomic.AtomicInteger();
            var errors = new java.util.concurrent.ConcurrentLinkedQueue<String>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    pool.submit(() -> {
                        for (int i = thread; i < 20_000; i += 8) {
                            try {
                                HttpResponse<byte[]> r = get(nodeA, hostile(i));
                                if (r.statusCode() != 200 && r.statusCode() != 404) {
                                    errors.add(hostile(i) + " -> " + r.statusCode());
                                }
                                if (i % 10 == 0) {
                                    HttpResponse<byte[]> n =
                                            get(nodeA, "/api/v1/products?sort=newest&limit=" + (1 + i % 7));
                                    if (i >= 1_000) {
                                        normal.incrementAndGet();
                                        if ("HIT"
                                                .equals(n.headers()
                                                        .firstValue("X-Cache")
                                                        .orElse(""))) {
                                            hits.incrementAndGet();
                                        }
                                    }
                                }
                            } catch (Exception e) {
                                errors.add(e.toString());
                            }
                        }
                        return null;
                    });
                }
            }
            MeterRegistry meters = nodeA.getBean(MeterRegistry.class);
            double pageEntries = gauge(meters, "emporium.cache.size", "product-pages");
            double pageBytes = gauge(meters, "emporium.cache.weight", "product-pages");
            double detailBytes = gauge(meters, "emporium.cache.weight", "products");
            long redisKeys = redis.sync().keys(namespace + ":*").size();
            long usedAfter = usedMemory(redis.sync().info("memory"));
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    "hostile variants: 20000 requests; product-pages L1 %.0f entries / %.0f bytes; products L1 %.0f bytes;"
                            + " Redis keys %d, used_memory +%d bytes; normal hit ratio %d/%d; heap used %d MiB%n",
                    pageEntries,
                    pageBytes,
                    detailBytes,
                    redisKeys,
                    usedAfter - usedBefore,
                    hits.get(),
                    normal.get(),
                    (rt.totalMemory() - rt.freeMemory()) >> 20);
            assertThat(errors).isEmpty();
            assertThat(pageEntries).as("distinct list entries").isLessThanOrEqualTo(20);
            assertThat(pageBytes + detailBytes).as("L1 bytes").isLessThan(16 * 1024 * 1024);
            assertThat(redisKeys).as("Redis keys of this namespace").isLessThan(3_200);
            assertThat(usedAfter - usedBefore).as("Redis memory growth").isLessThan(32L * 1024 * 1024);
            assertThat((double) hits.get() / normal.get())
                    .as("normal traffic's hit ratio")
                    .isGreaterThan(0.95);
        } finally {
            admin.shutdown();
        }
    }

    /** Variant {@code i}: unknown and reordered parameters, 500-item pages at many offsets, detail ids with junk. */
    private static String hostile(int i) {
        return switch (i % 5) {
            case 0 -> "/api/v1/products?limit=20&x=" + i;
            case 1 -> "/api/v1/products?utm=" + i + "&limit=10&sort=price_desc";
            case 2 -> "/api/v1/products/popular?junk=" + i;
            case 3 -> "/api/v1/products/" + (1 + i % 3_000) + "?v=" + i;
            default ->
                i % 100 == 4
                        ? "/api/v1/products?limit=500&offset=" + (i / 100)
                        : "/api/v1/products?limit=10&sort=newest&z=" + i;
        };
    }

    private static double gauge(MeterRegistry meters, String name, String cache) {
        var gauge = meters.find(name).tag("cache", cache).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static long usedMemory(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new AssertionError("no used_memory in INFO");
    }

    private static double received(ConfigurableApplicationContext node, String cache) {
        var counter = node.getBean(MeterRegistry.class)
                .find("emporium.cache.invalidations")
                .tag("cache", cache)
                .tag("direction", "received")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitReceived(ConfigurableApplicationContext node, String cache, double atLeast)
            throws InterruptedException {
        for (int i = 0; i < 250 && received(node, cache) < atLeast; i++) {
            Thread.sleep(20);
        }
        assertThat(received(node, cache)).as("invalidations of %s heard", cache).isGreaterThanOrEqualTo(atLeast);
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
