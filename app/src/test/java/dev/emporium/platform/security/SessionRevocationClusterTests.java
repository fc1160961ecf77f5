package dev.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.EmporiumApplication;
import dev.emporium.support.ContractGuard;
import dev.emporium.support.RedisTestSupport;
import dev.emporium.support.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes sharing PostgreSQL and Redis; node B reaches Redis through a proxy that can cut it off. A session
 * ended on node A must stop being accepted on node B within a bounded time: through pub/sub while Redis is there
 * (the database safety net is set to an hour here, so only pub/sub can explain a prompt rejection), and through
 * node B's database polling (every 200 ms here) while B cannot reach Redis. Each token is first used on B, so it
 * sits in B's verified-token cache when it is revoked.
 */
class SessionRevocationClusterTests {

    /** Far above pub/sub's round trip and the 200 ms poll, far below the 5-minute token lifetime. */
    private static final Duration BOUND = Duration.ofSeconds(3);

    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static TcpProxy proxyB;
    static ContractGuard guard;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startTwoNodes() {
        String namespace = "revocation-" + UUID.randomUUID();
        proxyB = TcpProxy.toRedis(RedisTestSupport.url());
        nodeA = start(namespace, RedisTestSupport.url());
        nodeB = start(namespace, proxyB.redisUrl());
        guard = ContractGuard.forServer(uri(nodeA, "/"));
    }

    @AfterAll
    static void stopNodes() {
        nodeB.close();
        nodeA.close();
        proxyB.close();
    }

    @AfterEach
    void reconnectNodeB() {
        proxyB.blackhole(false);
    }

    private static ConfigurableApplicationContext start(String namespace, String redisUrl) {
        return new SpringApplicationBuilder(EmporiumApplication.class)
                .run(
                        "--server.port=0",
                        "--emporium.cache.redis-url=" + redisUrl,
                        "--emporium.cache.namespace=" + namespace,
                        "--emporium.cache.warm.enabled=false",
                        "--emporium.security.revocation.fallback-poll-interval=200ms",
                        "--emporium.security.revocation.reconcile-interval=1h",
                        "--spring.jmx.enabled=false");
    }

    @Test
    void logoutOnNodeAIsRejectedOnNodeBThroughPubSub() throws Exception {
        awaitFallback(nodeB, false);
        JsonNode session = newSession();
        assertThat(me(nodeB, session).statusCode()).isEqualTo(200);

        logout(nodeA, session);

        assertThat(me(nodeA, session).statusCode()).isEqualTo(401);
        awaitRejected(nodeB, session);
    }

    @Test
    void logoutOnNodeAIsRejectedOnNodeBFromTheDatabaseWhileBCannotReachRedis() throws Exception {
        JsonNode session = newSession();
        assertThat(me(nodeB, session).statusCode()).isEqualTo(200);
        proxyB.blackhole(true);
        awaitFallback(nodeB, true);

        logout(nodeA, session);

        awaitRejected(nodeB, session);
        proxyB.blackhole(false);
        awaitFallback(nodeB, false);
        assertThat(me(nodeB, session).statusCode()).isEqualTo(401);
    }

    private static void awaitRejected(ConfigurableApplicationContext node, JsonNode session) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        int status = me(node, session).statusCode();
        while (status != 401 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = me(node, session).statusCode();
        }
        assertThat(status)
                .as("node B's answer %s after logout on node A", BOUND)
                .isEqualTo(401);
    }

    /** Waits (bounded) until the node's revocations travel by database polling ({@code true}) or by Redis. */
    private static void awaitFallback(ConfigurableApplicationContext node, boolean fallback) throws Exception {
        MeterRegistry meters = node.getBean(MeterRegistry.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            double value =
                    meters.get("emporium.security.revocations.fallback").gauge().value();
            if ((value == 1) == fallback) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node did not switch to " + (fallback ? "database polling" : "Redis"));
    }

    private static JsonNode newSession() throws Exception {
        String email = "cluster-" + UUID.randomUUID() + "@example.test";
        String password = "correct horse battery";
        assertThat(post(
                                nodeA,
                                "/api/v1/auth/register",
                                json.writeValueAsString(
                                        java.util.Map.of("email", email, "password", password, "name", "Cluster User")))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> login = post(
                nodeA,
                "/api/v1/auth/login",
                json.writeValueAsString(java.util.Map.of("email", email, "password", password)));
        assertThat(login.statusCode()).isEqualTo(200);
        return json.readTree(login.body());
    }

    private static void logout(ConfigurableApplicationContext node, JsonNode session) throws Exception {
        String body = json.writeValueAsString(
                java.util.Map.of("refreshToken", session.get("refreshToken").asString()));
        assertThat(post(node, "/api/v1/auth/logout", body).statusCode()).isEqualTo(204);
    }

    private static HttpResponse<byte[]> me(ConfigurableApplicationContext node, JsonNode session) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(node, "/api/v1/me"))
                .header("Authorization", "Bearer " + session.get("accessToken").asString())
                .GET()
                .build();
        return guard.checked(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), null);
    }

    private static HttpResponse<byte[]> post(ConfigurableApplicationContext node, String path, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(node, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return guard.checked(
                http.send(request, HttpResponse.BodyHandlers.ofByteArray()), body.getBytes(StandardCharsets.UTF_8));
    }

    private static URI uri(ConfigurableApplicationContext node, String path) {
        return URI.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port") + path);
    }
}
