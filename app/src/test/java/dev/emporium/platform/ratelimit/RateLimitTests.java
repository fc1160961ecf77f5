package dev.emporium.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.emporium.support.IntegrationTest;
import dev.emporium.support.RedisTestSupport;
import dev.emporium.support.TcpProxy;
import dev.emporium.support.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request limits as a client sees them, on a node whose Redis link runs through a
 * {@link TcpProxy} so it can be cut: 429 problem+json with {@code Retry-After} and the
 * {@code RateLimit} fields (checked against the document by the contract guard), separate buckets
 * per address and per user, {@code X-Forwarded-For} believed only from a trusted proxy, buckets
 * shared with another node through Redis, and per-node buckets without a single error while Redis
 * is cut, until it returns. Every test draws from addresses of its own, so they are independent.
 */
@IntegrationTest
@TestPropertySource(
        properties = {
            "emporium.rate-limit.multiplier=1",
            "emporium.rate-limit.groups.anonymous.limit=5",
            "emporium.rate-limit.groups.anonymous.period=1h",
            "emporium.rate-limit.groups.authenticated.limit=5",
            "emporium.rate-limit.groups.authenticated.period=1h",
            "emporium.web.trusted-proxies=10.9.0.0/16,::1",
            "emporium.rate-limit.recheck-interval=200ms",
            // a loaded CI machine can stall a healthy Redis call past the production 100 ms, which would switch
            // the node to its own buckets in the middle of a test that counts shared ones; the blackhole test
            // waits this long once, then the node stops asking Redis
            "emporium.rate-limit.redis-timeout=2s",
            "emporium.cache.warm.enabled=false",
            "management.endpoint.health.show-details=always"
        })
class RateLimitTests {

    static final TcpProxy LINK = TcpProxy.toRedis(RedisTestSupport.url());
    static final AtomicInteger NEXT = new AtomicInteger(1);
    static final String NAMESPACE = "ratelimit-" + UUID.randomUUID();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("emporium.cache.redis-url", LINK::redisUrl);
        registry.add("emporium.cache.namespace", () -> NAMESPACE);
    }

    @AfterAll
    static void closeLink() {
        LINK.blackhole(false);
        LINK.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    RateLimits limits;

    @Autowired
    JwtEncoder encoder;

    @Autowired
    JsonMapper json;

    /** An address no other test uses. */
    static String freshAddress() {
        int n = NEXT.getAndIncrement();
        return "192.0.2." + n;
    }

    @Test
    void theSixthAnonymousCallWithinTheWindowIs429WithRetryAfterAndRateLimitFieldsAndCacheHitsCount() throws Exception {
        awaitShared();
        String address = freshAddress();
        for (int i = 1; i <= 5; i++) {
            MvcResult ok =
                    mvc.perform(get("/api/v1/categories").with(from(address))).andReturn();
            assertThat(ok.getResponse().getStatus()).isEqualTo(200);
            assertThat(ok.getResponse().getHeader("RateLimit-Policy")).isEqualTo("\"anonymous\";q=5;w=3600");
            assertThat(ok.getResponse().getHeader("RateLimit")).startsWith("\"anonymous\";r=" + (5 - i) + ";t=");
        }
        MvcResult refused =
                mvc.perform(get("/api/v1/categories").with(from(address))).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(429);
        assertThat(refused.getResponse().getContentType()).isEqualTo("application/problem+json");
        long retryAfter = Long.parseLong(refused.getResponse().getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(refused.getResponse().getHeader("RateLimit")).isEqualTo("\"anonymous\";r=0;t=" + retryAfter);
        JsonNode problem = json.readTree(refused.getResponse().getContentAsString());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("code").asString()).isEqualTo("rate_limited");
        assertThat(problem.get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
    }

    @Test
    void anAddressAndAUserHaveSeparateBucketsAndUsersDoNotShareOne() throws Exception {
        awaitShared();
        String address = freshAddress();
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/categories").with(from(address))).andReturn();
        }
        assertThat(status(get("/api/v1/categories").with(from(address)))).isEqualTo(429);
        assertThat(status(get("/api/v1/categories")
                        .header("Authorization", "Basic Zm9vOmJhcg==")
                        .with(from(address))))
                .as("an Authorization header that is not a bearer token does not escape the address's bucket")
                .isEqualTo(429);

        long user = 900_000_000L + NEXT.getAndIncrement();
        String token = TestTokens.bearer(encoder, user, "CUSTOMER");
        for (int i = 0; i < 5; i++) {
            MvcResult ok = mvc.perform(get("/api/v1/categories")
                            .header("Authorization", token)
                            .with(from(address)))
                    .andReturn();
            assertThat(ok.getResponse().getStatus())
                    .as("an authenticated call from the exhausted address")
                    .isEqualTo(200);
            assertThat(ok.getResponse().getHeader("RateLimit-Policy")).isEqualTo("\"authenticated\";q=5;w=3600");
        }
        assertThat(status(
                        get("/api/v1/categories").header("Authorization", token).with(from(freshAddress()))))
                .as("the user's bucket follows the user to another address")
                .isEqualTo(429);
        String other = TestTokens.bearer(encoder, user + 1, "CUSTOMER");
        assertThat(status(
                        get("/api/v1/categories").header("Authorization", other).with(from(address))))
                .as("another user from the same address")
                .isEqualTo(200);
    }

    @Test
    void bearerTokensThatFailVerificationDrawFromTheAddresssAnonymousBudget() throws Exception {
        awaitShared();
        String address = freshAddress();
        String forged = TestTokens.bearer(encoder, 900_000_000L + NEXT.getAndIncrement(), "CUSTOMER") + "x";
        for (int i = 1; i <= 5; i++) {
            MvcResult rejected = mvc.perform(get("/api/v1/wallet")
                            .header("Authorization", i % 2 == 0 ? forged : "Bearer not-a-token")
                            .with(from(address)))
                    .andReturn();
            assertThat(rejected.getResponse().getStatus()).isEqualTo(401);
            assertThat(rejected.getResponse().getHeader("RateLimit")).startsWith("\"anonymous\";r=" + (5 - i) + ";t=");
        }
        MvcResult refused = mvc.perform(
                        get("/api/v1/wallet").header("Authorization", forged).with(from(address)))
                .andReturn();
        assertThat(refused.getResponse().getStatus())
                .as("the sixth bad token from one address is refused before anything else")
                .isEqualTo(429);
        assertThat(refused.getResponse().getHeader("Retry-After")).isNotNull();
        assertThat(json.readTree(refused.getResponse().getContentAsString())
                        .get("code")
                        .asString())
                .isEqualTo("rate_limited");
        assertThat(status(get("/api/v1/categories").with(from(address))))
                .as("the same budget as the address's anonymous calls")
                .isEqualTo(429);
        String valid = TestTokens.bearer(encoder, 900_000_000L + NEXT.getAndIncrement(), "CUSTOMER");
        assertThat(status(
                        get("/api/v1/categories").header("Authorization", valid).with(from(address))))
                .as("a valid token from that address still draws from its user's own bucket")
                .isEqualTo(200);
    }

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxyAndOnlyItsRightmostUntrustedHop() throws Exception {
        awaitShared();
        String client = "203.0.113." + NEXT.getAndIncrement();
        for (int i = 0; i < 5; i++) {
            assertThat(status(get("/api/v1/categories").with(from("10.9.0.1")).header("X-Forwarded-For", client)))
                    .isEqualTo(200);
        }
        assertThat(status(get("/api/v1/categories").with(from("10.9.3.4")).header("X-Forwarded-For", client)))
                .as("the client behind another trusted proxy is the same client")
                .isEqualTo(429);
        assertThat(status(get("/api/v1/categories")
                        .with(from("10.9.0.1"))
                        .header("X-Forwarded-For", "198.51.100.77, " + client + ", 10.9.8.8")))
                .as("hops the client wrote itself (left of the last untrusted one) are ignored")
                .isEqualTo(429);
        assertThat(status(get("/api/v1/categories").with(from(freshAddress())).header("X-Forwarded-For", client)))
                .as("a header from an untrusted peer is ignored: the peer is the client")
                .isEqualTo(200);
        String spoofer = freshAddress();
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/categories").with(from(spoofer)).header("X-Forwarded-For", "198.51.100." + i))
                    .andReturn();
        }
        assertThat(status(get("/api/v1/categories").with(from(spoofer)).header("X-Forwarded-For", "198.51.100.99")))
                .as("a spoofed, changing X-Forwarded-For does not buy an untrusted client new buckets")
                .isEqualTo(429);
    }

    @Test
    void healthAndProbesAreNotLimited() throws Exception {
        String address = freshAddress();
        for (int i = 0; i < 12; i++) {
            assertThat(status(get("/actuator/health/liveness").with(from(address))))
                    .isEqualTo(200);
        }
    }

    @Test
    void twoNodesDrawFromOneBucketInRedis() throws Exception {
        awaitShared();
        String address = freshAddress();
        try (RateLimits otherNode =
                new RateLimits(limitsProperties(), RedisTestSupport.url(), NAMESPACE, new SimpleMeterRegistry())) {
            await(otherNode::shared, "the other node connects");
            for (int i = 0; i < 3; i++) {
                assertThat(otherNode.tryConsume(RateLimits.ANONYMOUS, address).allowed())
                        .isTrue();
            }
            assertThat(status(get("/api/v1/categories").with(from(address)))).isEqualTo(200);
            assertThat(status(get("/api/v1/categories").with(from(address)))).isEqualTo(200);
            assertThat(status(get("/api/v1/categories").with(from(address))))
                    .as("three tokens went to the other node")
                    .isEqualTo(429);
        }
    }

    @Test
    void whileRedisIsCutEveryRequestIsAnsweredOnPerNodeBucketsAndSharingResumesWhenItReturns() throws Exception {
        awaitShared();
        assertThat(component("rateLimit").get("status").asString()).isEqualTo("UP");
        LINK.blackhole(true);
        try {
            String address = freshAddress();
            int ok = 0;
            int refused = 0;
            for (int i = 0; i < 8; i++) {
                int status = status(get("/api/v1/categories").with(from(address)));
                assertThat(status).as("never an error while Redis is cut").isIn(200, 429);
                if (status == 200) {
                    ok++;
                } else {
                    refused++;
                }
            }
            assertThat(limits.shared()).isFalse();
            assertThat(ok).as("the per-node bucket still limits").isEqualTo(5);
            assertThat(refused).isEqualTo(3);
            JsonNode health = component("rateLimit");
            assertThat(health.get("status").asString()).isEqualTo("DEGRADED");
            assertThat(health.at("/details/description").asString()).contains("per-node buckets while Redis");
        } finally {
            LINK.blackhole(false);
        }
        await(limits::shared, "the node shares its buckets again once Redis answers");
        assertThat(component("rateLimit").get("status").asString()).isEqualTo("UP");
        String address = freshAddress();
        assertThat(status(get("/api/v1/categories").with(from(address)))).isEqualTo(200);
        assertThat(limits.tryConsume(RateLimits.ANONYMOUS, address).remaining())
                .as("the request went to the Redis bucket")
                .isEqualTo(3);
    }

    private RateLimitProperties limitsProperties() {
        return new RateLimitProperties(
                true,
                1,
                Duration.ofMillis(100),
                Duration.ofMillis(200),
                1000,
                Map.of(
                        RateLimits.ANONYMOUS, new RateLimitProperties.Limit(5, Duration.ofHours(1)),
                        RateLimits.AUTHENTICATED, new RateLimitProperties.Limit(5, Duration.ofHours(1))));
    }

    private JsonNode component(String name) throws Exception {
        String body =
                mvc.perform(get("/actuator/health")).andReturn().getResponse().getContentAsString();
        return json.readTree(body).path("components").path(name);
    }

    private int status(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private void awaitShared() {
        await(limits::shared, "the limiter shares its buckets through Redis");
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
