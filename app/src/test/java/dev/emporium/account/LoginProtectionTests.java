package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The login guard and the bounded hashing pool with production-shaped (smaller) limits: a locked
 * address does not lock the owner out from elsewhere, the account-wide ceiling spares known
 * addresses and holds a new one no longer than one refill interval, refusals come before any
 * password is hashed, and a flood of logins cannot starve catalog reads.
 */
@IntegrationTest
@TestPropertySource(
        properties = {
            "emporium.rate-limit.multiplier=1",
            "emporium.rate-limit.groups.anonymous.limit=10000",
            "emporium.rate-limit.groups.login.limit=1000",
            "emporium.rate-limit.groups.login-address-account.limit=3",
            "emporium.rate-limit.groups.login-address-account.period=1h",
            "emporium.rate-limit.groups.login-account.limit=6",
            "emporium.rate-limit.groups.login-account.period=30s",
            "emporium.security.hashing.concurrency=1",
            "emporium.security.hashing.max-queue=2",
            "emporium.security.hashing.max-wait=300ms",
            "emporium.cache.warm.enabled=false"
        })
class LoginProtectionTests {

    static final String PASSWORD = "correct horse battery";
    static final AtomicInteger NEXT = new AtomicInteger(1);

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    MeterRegistry registry;

    @Test
    void anAddressThatFailsRepeatedlyIsLockedOutOfTheAccountButTheOwnerElsewhereIsNot() throws Exception {
        String email = newCustomer();
        String attacker = address();
        for (int i = 0; i < 3; i++) {
            assertThat(login(email, "wrong password", attacker).getResponse().getStatus())
                    .isEqualTo(401);
        }
        double hashesBefore = hashes();
        MvcResult locked = login(email, "wrong password", attacker);
        assertThat(locked.getResponse().getStatus()).isEqualTo(429);
        assertThat(problem(locked).get("code").asString()).isEqualTo("login_locked");
        assertThat(locked.getResponse().getHeader("Retry-After")).isNotNull();
        assertThat(locked.getResponse().getHeader("RateLimit-Policy"))
                .isEqualTo("\"login-address-account\";q=3;w=3600");
        assertThat(login(email, PASSWORD, attacker).getResponse().getStatus())
                .as("even the right password from the locked address waits")
                .isEqualTo(429);
        assertThat(hashes()).as("refused before hashing").isEqualTo(hashesBefore);

        assertThat(login(email, PASSWORD, address()).getResponse().getStatus())
                .as("the owner from another address")
                .isEqualTo(200);
        assertThat(jdbc.sql("""
                        select detail ->> 'scope' from audit_log
                         where event = 'LOGIN_LOCKED' and email = :email and remote_addr = :address
                        """)
                        .param("email", email)
                        .param("address", attacker)
                        .query(String.class)
                        .list())
                .containsExactly("address");
    }

    @Test
    void theAccountCeilingSparesKnownAddressesAndHoldsANewOneOnlyUntilTheNextToken() throws Exception {
        String email = newCustomer();
        String home = address();
        assertThat(login(email, PASSWORD, home).getResponse().getStatus()).isEqualTo(200);

        MvcResult throttled = null;
        for (int i = 0; i < 30 && throttled == null; i++) {
            MvcResult result = login(email, "guess " + i, address());
            if (result.getResponse().getStatus() == 429) {
                throttled = result;
            } else {
                assertThat(result.getResponse().getStatus()).isEqualTo(401);
            }
        }
        assertThat(throttled)
                .as("attempts spread over many addresses reach the account ceiling")
                .isNotNull();
        assertThat(problem(throttled).get("code").asString()).isEqualTo("login_throttled");

        String newPlace = address();
        MvcResult heldBack = login(email, PASSWORD, newPlace);
        assertThat(heldBack.getResponse().getStatus())
                .as("the owner from a new address while the ceiling is spent")
                .isEqualTo(429);
        long retryAfter = Long.parseLong(heldBack.getResponse().getHeader("Retry-After"));
        assertThat(retryAfter).as("at most one refill interval (30 s / 6)").isBetween(1L, 5L);

        assertThat(login(email, PASSWORD, home).getResponse().getStatus())
                .as("the owner from an address that logged in before is exempt")
                .isEqualTo(200);

        Thread.sleep(retryAfter * 1000);
        assertThat(login(email, PASSWORD, newPlace).getResponse().getStatus())
                .as("the new address once the attack has stopped and Retry-After has passed")
                .isEqualTo(200);
    }

    @Test
    void aFloodOfBadLoginsFromOneAddressIsRefusedWithoutHashing() throws Exception {
        String email = newCustomer();
        String attacker = address();
        double hashesBefore = hashes();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                done.add(pool.submit(() -> {
                    int status = login(email, "wrong", attacker).getResponse().getStatus();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        int unauthorized = count(statuses, 401);
        assertThat(unauthorized).as("only the address budget is checked").isLessThanOrEqualTo(3);
        assertThat(count(statuses, 429) + count(statuses, 503) + unauthorized).isEqualTo(60);
        assertThat(count(statuses, 429)).isGreaterThanOrEqualTo(57 - count(statuses, 503));
        assertThat(hashes() - hashesBefore)
                .as("a password was hashed only for the attempts answered 401")
                .isEqualTo(unauthorized);
    }

    @Test
    void aLoginFloodThatPassesTheLimitsIsBoundedByTheHashingPoolAndCatalogReadsKeepAnswering() throws Exception {
        double hashesBefore = hashes();
        Map<Integer, AtomicInteger> logins = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> reads = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        String reader = address();
        // platform threads: a virtual reader that never blocks would keep its carrier to itself
        try (ExecutorService pool = Executors.newFixedThreadPool(41)) {
            Future<?> readerDone = pool.submit(() -> {
                start.await();
                while (flooding.get()) {
                    int status = mvc.perform(get("/api/v1/categories").with(from(reader)))
                            .andReturn()
                            .getResponse()
                            .getStatus();
                    reads.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            });
            List<Future<?>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // every attempt from its own address and for its own (unknown) account: no limit applies
                String email = "flood-" + UUID.randomUUID() + "@example.test";
                String from = address();
                attempts.add(pool.submit(() -> {
                    start.await();
                    MvcResult result = login(email, "whatever it is", from);
                    int status = result.getResponse().getStatus();
                    if (status == 503) {
                        assertThat(result.getResponse().getHeader("Retry-After"))
                                .isEqualTo("1");
                        assertThat(problem(result).get("code").asString()).isEqualTo("hashing_busy");
                    }
                    logins.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : attempts) {
                f.get();
            }
            flooding.set(false);
            readerDone.get();
        }
        assertThat(logins.keySet()).as("login answers").isSubsetOf(401, 503);
        assertThat(count(logins, 503))
                .as("the pool (1 slot, 2 waiting) refused some at once")
                .isPositive();
        assertThat(hashes() - hashesBefore).isEqualTo(count(logins, 401));
        assertThat(reads.keySet()).as("catalog reads during the flood").containsExactly(200);
        assertThat(count(reads, 200)).isPositive();
    }

    private String newCustomer() {
        String email = "guard-" + UUID.randomUUID() + "@example.test";
        accounts.createUser(email, PASSWORD, "Guarded Customer", Role.CUSTOMER);
        return email;
    }

    private MvcResult login(String email, String password, String address) throws Exception {
        return mvc.perform(post("/api/v1/auth/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("email", email, "password", password)))
                        .with(from(address)))
                .andReturn();
    }

    private JsonNode problem(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private double hashes() {
        return registry.get("emporium.security.password.hashes").counter().count();
    }

    private static int count(Map<Integer, AtomicInteger> statuses, int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    private static String address() {
        int n = NEXT.getAndIncrement();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
