package dev.emporium;

import static dev.emporium.support.ChildServer.expect;
import static dev.emporium.support.ChildServer.json;
import static dev.emporium.support.ChildServer.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.platform.db.EmbeddedPostgresLauncher;
import dev.emporium.support.ChildServer;
import dev.emporium.support.RedisTestSupport;
import dev.emporium.support.TcpProxy;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault drills against a real server (a child JVM) under a steady load of concurrent clients, on loopback:
 * its PostgreSQL (a durable embedded server this test owns, so it can stop and start it) and its Redis
 * fail while requests keep coming. What each drill proves is in its method's Javadoc; the figures
 * (requests, errors, recovery time, worst latency) go to the test output as {@code drill: ...} lines.
 *
 * <p>The child runs with the production pool (10 connections, 2 s connection timeout) and load
 * shedding defaults, and with a {@value #STATEMENT_TIMEOUT_MS} ms request-class {@code statement_timeout} (set
 * explicitly, equal to the production default {@code emporium.db.statement-timeouts.request}) so the slow-database
 * drill ends in seconds; every latency bound asserted derives from these.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultDrillTests {

    static final long STATEMENT_TIMEOUT_MS = 3_000;
    static final long CONNECTION_TIMEOUT_MS = 2_000;
    private static final String ADMIN_EMAIL = "drill-admin@example.test";
    private static final String ADMIN_PASSWORD = "drill-admin-password";
    private static final String PASSWORD = "drill-customer-password";
    private static final int CUSTOMERS = 4;
    private static final int PRODUCTS = 30;

    private Path work;

    private int dbPort;
    private EmbeddedPostgresLauncher.@Nullable Server db;
    private @Nullable TcpProxy redisProxy;
    private ChildServer server;
    private final List<String> tokens = new ArrayList<>();
    private final List<Long> accounts = new ArrayList<>();
    private final List<Long> products = new ArrayList<>();

    @BeforeAll
    void startDatabaseRedisAndServer(@TempDir Path dir) throws Exception {
        work = dir;
        dbPort = ChildServer.freePort();
        db = startDatabase();
        String redisUrl = RedisTestSupport.url();
        if (!RedisTestSupport.restartable()) {
            redisProxy = TcpProxy.toRedis(redisUrl); // an external Redis is cut off, never stopped
            redisUrl = redisProxy.redisUrl();
        }
        server = ChildServer.start(
                "drill",
                work,
                ChildServer.freePort(),
                Map.of(),
                List.of(
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=" + db.password(),
                        "--spring.datasource.hikari.connection-timeout=" + CONNECTION_TIMEOUT_MS,
                        "--emporium.db.statement-timeouts.request=" + STATEMENT_TIMEOUT_MS,
                        "--emporium.cache.redis-url=" + redisUrl,
                        "--emporium.cache.namespace=drill-"
                                + ProcessHandle.current().pid(),
                        "--emporium.seed.demo-on-empty=false",
                        "--emporium.admin.email=" + ADMIN_EMAIL,
                        "--emporium.admin.password=" + ADMIN_PASSWORD,
                        "--emporium.security.password-hash-strength=4"));
        try (Connection c = jdbc();
                Statement s = c.createStatement()) {
            s.execute("insert into categories (name, slug) values ('Drill', 'drill')");
            s.execute("insert into products (sku, name, brand, category_id, price, currency, stock)"
                    + " select 'DRILL-' || n, 'Drill product ' || n, 'Acme', (select id from categories where slug ="
                    + " 'drill'), 100 + n, 'EUR', 1000 from generate_series(1, " + PRODUCTS + ") n");
            try (var rows = s.executeQuery("select id from products where sku like 'DRILL-%' order by id")) {
                while (rows.next()) {
                    products.add(rows.getLong(1));
                }
            }
        }
        String admin = server.login(ADMIN_EMAIL, ADMIN_PASSWORD);
        for (int i = 0; i < CUSTOMERS; i++) {
            String email = "drill-" + i + "@example.test";
            expect(
                    201,
                    server.post(
                            "/api/v1/auth/register",
                            null,
                            null,
                            Map.of("email", email, "password", PASSWORD, "name", "D" + i)));
            String token = server.login(email, PASSWORD);
            long account = json(expect(200, server.get("/api/v1/wallet", token)))
                    .get("accountId")
                    .asLong();
            expect(
                    201,
                    server.post(
                            "/api/v1/admin/wallet/deposits",
                            admin,
                            "drill-deposit-" + i,
                            Map.of("accountId", account, "amount", 100_000)));
            tokens.add(token);
            accounts.add(account);
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
        if (redisProxy != null) {
            redisProxy.close();
        }
        if (RedisTestSupport.restartable()) {
            RedisTestSupport.start();
        }
    }

    /**
     * Redis killed under load: the cache degrades to L1 and PostgreSQL, so not one request fails; when
     * Redis returns the cache's health is UP again without a restart.
     */
    @Test
    @Order(1)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void redisKilledUnderLoadFailsNoRequestAndTheCacheRecoversWhenItReturns() throws Exception {
        try (DrillLoad load = DrillLoad.start(server, tokens, products, 6)) {
            sleep(2_000);
            long cut = System.nanoTime();
            redisDown(true);
            sleep(4_000);
            redisDown(false);
            long back = System.nanoTime();
            long healthy = awaitCacheUp(back);
            sleep(2_000);
            load.stop();
            DrillLoad.Figures f = load.figures();
            System.out.printf(
                    "drill: redis %s for %d ms under load: %d requests, %d failed, worst %d ms;"
                            + " cache health UP %d ms after Redis returned%n",
                    redisProxy == null ? "killed" : "cut off",
                    (back - cut) / 1_000_000,
                    f.total(),
                    f.failed(),
                    f.worstMillis(),
                    (healthy - back) / 1_000_000);
            assertThat(f.total()).isGreaterThan(100);
            assertThat(load.failures())
                    .as("requests that failed while Redis was down")
                    .isEmpty();
        }
    }

    /**
     * A slow database: another session holds the lock on a wallet row a transfer needs. The transfer ends
     * at the configured {@code statement_timeout} with 503 problem+json and {@code Retry-After} (the pool
     * connection is given back), every other request keeps being answered meanwhile, and the same
     * transfer retried with its key once the lock is gone succeeds.
     */
    @Test
    @Order(2)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRowLockedByAnotherSessionEndsTheRequestAtTheStatementTimeoutWhileOtherRequestsAreServed() throws Exception {
        Map<String, Object> transfer = Map.of("toAccountId", accounts.get(1), "amount", 100);
        try (Connection locker = jdbc();
                DrillLoad load = DrillLoad.start(server, tokens.subList(1, CUSTOMERS), products, 6)) {
            locker.setAutoCommit(false);
            try (PreparedStatement lock =
                    locker.prepareStatement("select id from wallet_accounts where id = ? for update")) {
                lock.setLong(1, accounts.get(0));
                lock.executeQuery().close();
            }
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.post("/api/v1/wallet/transfers", tokens.get(0), "drill-slow-1", transfer);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            HttpResponse<String> answer = blocked.get(STATEMENT_TIMEOUT_MS + 10_000, TimeUnit.MILLISECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            locker.rollback();
            load.stop();
            DrillLoad.Figures f = load.figures();
            System.out.printf(
                    "drill: slow database (row lock held): the blocked transfer answered %d after %d ms"
                            + " (statement_timeout %d ms); meanwhile %d other requests, %d failed, worst %d ms%n",
                    answer.statusCode(), tookMillis, STATEMENT_TIMEOUT_MS, f.total(), f.failed(), f.worstMillis());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(tookMillis)
                    .as("ended by the statement timeout, not before it and not long after it")
                    .isBetween(STATEMENT_TIMEOUT_MS - 100, STATEMENT_TIMEOUT_MS + 2_000);
            assertThat(f.total()).isGreaterThan(50);
            assertThat(load.failures())
                    .as("other requests while the row was locked")
                    .isEmpty();
        }
        expect(201, server.post("/api/v1/wallet/transfers", tokens.get(0), "drill-slow-1", transfer));
    }

    /**
     * PostgreSQL stopped and started again under load, the application left running. While it is down,
     * requests fail fast with 503 problem+json and {@code Retry-After} (none hangs past the connection
     * timeout plus the statement timeout; none fails another way), readiness turns DOWN; once it is back,
     * the pool reconnects by itself, readiness is UP and every request succeeds again. The recovery time
     * (database accepting connections → first database-bound request served) goes to the output.
     */
    @Test
    @Order(3)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void postgresRestartedUnderLoadFailsFastOnlyDuringTheOutageAndThePoolRecoversWithoutARestart() throws Exception {
        try (DrillLoad load = DrillLoad.start(server, tokens, products, 6);
                ReadinessWatch readiness = ReadinessWatch.start(server)) {
            sleep(2_000);
            long stopAt = System.nanoTime();
            db.close();
            db = null;
            long stoppedAt = System.nanoTime();
            sleep(3_000);
            db = startDatabase();
            long backAt = System.nanoTime();
            long recoveredAt = awaitDatabaseBoundSuccess(load, backAt);
            long readyAt = readiness.awaitUp(backAt, Duration.ofSeconds(30));
            sleep(3_000);
            load.stop();
            DrillLoad.Figures f = load.figures();
            List<DrillLoad.Sample> failures = load.failures();
            long lastFailureStart =
                    failures.stream().mapToLong(DrillLoad.Sample::start).max().orElse(stopAt);
            System.out.printf(
                    "drill: postgres down %d ms under load: %d requests, %d failed (all 503: %s), worst %d ms;"
                            + " readiness DOWN seen: %s, UP %d ms after the database was back; first database-bound"
                            + " success %d ms after it (recovery time); last failure began %d ms after it%n",
                    (backAt - stopAt) / 1_000_000,
                    f.total(),
                    f.failed(),
                    failures.stream().allMatch(DrillLoad.Sample::cleanUnavailable),
                    f.worstMillis(),
                    readiness.sawDownAfter(stopAt),
                    (readyAt - backAt) / 1_000_000,
                    (recoveredAt - backAt) / 1_000_000,
                    (lastFailureStart - backAt) / 1_000_000);
            assertThat(failures).as("the outage was felt").isNotEmpty();
            assertThat(failures)
                    .as("every failure is a 503 problem+json with Retry-After")
                    .allSatisfy(s ->
                            assertThat(s.cleanUnavailable()).as(s.toString()).isTrue());
            assertThat(failures)
                    .as("no request failed before the database stopped")
                    .allSatisfy(s -> assertThat(s.end()).isGreaterThanOrEqualTo(stopAt));
            assertThat(f.worstMillis())
                    .as("no request hangs past the connection timeout plus the statement timeout")
                    .isLessThanOrEqualTo(CONNECTION_TIMEOUT_MS + STATEMENT_TIMEOUT_MS);
            assertThat(readiness.sawDownAfter(stopAt))
                    .as("readiness DOWN during the outage")
                    .isTrue();
            assertThat(load.failuresStartingAfter(Math.max(recoveredAt, readyAt) + TimeUnit.SECONDS.toNanos(2)))
                    .as("failures more than 2 s after recovery")
                    .isEmpty();
            assertThat(stoppedAt).isGreaterThan(stopAt);
        }
        expect(200, server.get("/api/v1/wallet", tokens.get(0)));
    }

    private EmbeddedPostgresLauncher.Server startDatabase() {
        return EmbeddedPostgresLauncher.start(
                EmbeddedPostgresLauncher.DURABLE, work.resolve("db"), dbPort, notice -> System.out.println(notice));
    }

    private Connection jdbc() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
                "postgres",
                java.util.Objects.requireNonNull(db).password());
    }

    private void redisDown(boolean down) throws IOException {
        if (redisProxy != null) {
            redisProxy.blackhole(down);
        } else if (down) {
            RedisTestSupport.stop();
        } else {
            RedisTestSupport.start();
        }
    }

    private long awaitCacheUp(long since) throws IOException {
        long deadline = since + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> health = server.get("/actuator/health", null);
            if ("UP"
                    .equals(json(health)
                            .path("components")
                            .path("cache")
                            .path("status")
                            .asString(""))) {
                return System.nanoTime();
            }
            sleep(100);
        }
        throw new AssertionError("the cache's health did not return to UP:\n" + server.tail());
    }

    private static long awaitDatabaseBoundSuccess(DrillLoad load, long since) {
        long deadline = since + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Long at = load.firstDatabaseSuccessStartingAfter(since);
            if (at != null) {
                return at;
            }
            sleep(20);
        }
        throw new AssertionError("no database-bound request succeeded within 30 s of the database's return");
    }
}
