package dev.emporium.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger survives a crash of the server process: a real server in a child JVM, on a durable
 * embedded PostgreSQL in its own directory, takes concurrent transfers over HTTP and is killed with
 * SIGKILL in the middle of them. It is started again on the same directory (taking the orphaned
 * database over), and every client retries every request that got no answer with its same
 * Idempotency-Key and body until it gets one. Afterwards:
 * <ul>
 *   <li>every transfer's entries sum to zero, every balance equals the sum of its entries, none is
 *       negative, and the customers hold exactly the money deposited (and all balances sum to zero);</li>
 *   <li>every request answered 201, before or after the crash, is in the ledger exactly once, with the
 *       transfer id it was answered with; every key has at most one transfer; a request refused with a
 *       4xx moved nothing; no transfer exists that no client asked for;</li>
 *   <li>each wallet's balance equals what the answered transfers imply (nothing doubled, nothing lost);</li>
 *   <li>a sample of keys sent again replays the same transfer, and the server's own verification
 *       (ledger and audit chain) says ok.</li>
 * </ul>
 * Bounded: the test stops issuing new requests a few seconds after the restart; its figures (transfers
 * before and after the crash, requests that were in flight) go to the test output.
 */
class WalletCrashTests {

    private static final int CUSTOMERS = 12;
    private static final long OPENING = 1_000_000;
    private static final int CLIENTS = 12;
    private static final int BEFORE_CRASH = 120;
    private static final int AFTER_RESTART = 120;
    private static final String ADMIN_EMAIL = "crash-admin@example.test";
    private static final String ADMIN_PASSWORD = "crash-admin-password";
    private static final String PASSWORD = "crash-customer-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final List<Process> servers = new ArrayList<>();
    private int httpPort;
    private int dbPort;

    /** One logical transfer a client wants made exactly once; {@code answer} is set once it has a final one. */
    private static final class Request {
        final int client;
        final String key;
        final int from;
        final int to;
        final long amount;
        volatile int status;
        volatile long transferId;
        volatile int attempts;
        volatile boolean unansweredOnce;
        volatile boolean replayed;

        Request(int client, String key, int from, int to, long amount) {
            this.client = client;
            this.key = key;
            this.from = from;
            this.to = to;
            this.amount = amount;
        }
    }

    private record Customer(String email, String token, long accountId) {}

    @AfterEach
    void stopEverything() throws Exception {
        for (Process server : servers) {
            if (server.isAlive()) {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
                server.destroyForcibly();
            }
        }
        // a server killed last leaves its PostgreSQL behind: stop it so the directory can go
        Path pid = work.resolve("db/postmaster.pid");
        if (Files.exists(pid)) {
            String first = Files.readAllLines(pid).getFirst().trim();
            Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(first));
            if (postmaster.isPresent() && postmaster.get().isAlive()) {
                postmaster.get().destroy();
                postmaster.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aServerKilledMidTrafficLosesAndDoublesNothingWhenClientsRetryWithTheirKeys() throws Exception {
        httpPort = freePort();
        dbPort = freePort();
        Process first = startServer("first");
        String admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String email = "crash-" + i + "@example.test";
            expect(
                    201,
                    post(
                            "/api/v1/auth/register",
                            null,
                            null,
                            Map.of("email", email, "password", PASSWORD, "name", "C" + i)));
            String token = login(email, PASSWORD);
            long accountId = json(expect(200, get("/api/v1/wallet", token)))
                    .get("accountId")
                    .asLong();
            expect(
                    201,
                    post(
                            "/api/v1/admin/wallet/deposits",
                            admin,
                            "opening-deposit-" + i,
                            Map.of("accountId", accountId, "amount", OPENING)));
            customers.add(new Customer(email, token, accountId));
        }

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                SplittableRandom random = new SplittableRandom(42 + client);
                for (int n = 0; !stop.get(); n++) {
                    int from = random.nextInt(CUSTOMERS);
                    int to = (from + 1 + random.nextInt(CUSTOMERS - 1)) % CUSTOMERS;
                    Request request =
                            new Request(client, "crash-" + client + "-" + n, from, to, 1 + random.nextInt(500));
                    requests.add(request);
                    sendUntilAnswered(request, customers);
                    if (request.status == 201) {
                        created.incrementAndGet();
                    }
                }
                return null;
            }));
        }

        awaitAtLeast(created, BEFORE_CRASH, Duration.ofMinutes(2));
        int createdBeforeKill = created.get();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful drain, connections cut mid-transaction
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        startServer("second");
        awaitAtLeast(created, created.get() + AFTER_RESTART, Duration.ofMinutes(2));
        stop.set(true);
        for (Future<?> client : running) {
            client.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();

        List<Request> all = new ArrayList<>(requests);
        long retriedAcrossTheCrash = all.stream().filter(r -> r.unansweredOnce).count();
        System.out.printf(
                "crash test: %d requests, %d answered 201 (%d before the kill), %d refused, %d unanswered at least once"
                        + " and retried with their key (%d of them had committed before the kill: answered by replay)%n",
                all.size(),
                all.stream().filter(r -> r.status == 201).count(),
                createdBeforeKill,
                all.stream().filter(r -> r.status != 201).count(),
                retriedAcrossTheCrash,
                all.stream().filter(r -> r.unansweredOnce && r.replayed).count());
        assertThat(retriedAcrossTheCrash)
                .as("the kill cut requests in flight (otherwise this tested no crash)")
                .isPositive();
        assertThat(all)
                .allSatisfy(r -> assertThat(r.status)
                        .as("key %s: every request ends with a transfer or a business refusal", r.key)
                        .isIn(201, 422));

        assertLedger(all, customers);

        // a sample of keys sent again: the same transfer, replayed
        for (Request r : all.stream().filter(r -> r.status == 201).limit(20).toList()) {
            HttpResponse<String> again = send(r, customers);
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(json(again).get("id").asLong()).isEqualTo(r.transferId);
        }
        JsonNode verification = json(expect(200, get("/api/v1/admin/wallet/verification", admin)));
        assertThat(verification.get("ok").asBoolean())
                .as(verification.toString())
                .isTrue();
    }

    /** The child's embedded PostgreSQL requires the password it keeps beside its data directory (libpq format). */
    private String embeddedPassword() throws IOException {
        String line = Files.readAllLines(work.resolve("db.pgpass")).getFirst();
        return line.substring(line.lastIndexOf(':') + 1);
    }

    private void assertLedger(List<Request> all, List<Customer> customers) throws SQLException, IOException {
        try (Connection db = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", embeddedPassword());
                Statement s = db.createStatement()) {
            assertThat(longs(s, """
                    select transfer_id from wallet_entries group by transfer_id
                    having sum(amount) <> 0 or count(*) <> 2
                    """))
                    .as("transfers whose entries do not sum to zero")
                    .isEmpty();
            assertThat(longs(s, """
                    select a.id from wallet_accounts a
                      left join (select account_id, sum(amount) as total from wallet_entries group by account_id) e
                        on e.account_id = a.id
                     where a.balance <> coalesce(e.total, 0) or (a.balance < 0 and not a.may_go_negative)
                    """))
                    .as("accounts whose balance is not the sum of their entries, or negative")
                    .isEmpty();
            assertThat(longs(s, "select coalesce(sum(balance), 0) from wallet_accounts"))
                    .as("all balances sum to zero")
                    .containsExactly(0L);
            assertThat(longs(s, "select sum(balance) from wallet_accounts where kind = 'CUSTOMER'"))
                    .as("the customers hold exactly what was deposited")
                    .containsExactly(CUSTOMERS * OPENING);

            Map<String, List<Long>> byKey = new HashMap<>();
            try (ResultSet rows = s.executeQuery("""
                    select a.idempotency_key, t.id
                      from wallet_transfers t
                      join wallet_audit a on a.transfer_id = t.id
                     where t.kind = 'TRANSFER'
                    """)) {
                while (rows.next()) {
                    byKey.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                            .add(rows.getLong(2));
                }
            }
            Map<String, Request> asked = new HashMap<>();
            all.forEach(r -> asked.put(r.key, r));
            assertThat(byKey.keySet()).as("transfers nobody asked for").isSubsetOf(asked.keySet());
            long[] expected = new long[customers.size()];
            customers.forEach(c -> expected[customers.indexOf(c)] = OPENING);
            for (Request r : all) {
                List<Long> ids = byKey.getOrDefault(r.key, List.of());
                if (r.status == 201) {
                    assertThat(ids)
                            .as("key %s answered 201: executed exactly once", r.key)
                            .containsExactly(r.transferId);
                    expected[r.from] -= r.amount;
                    expected[r.to] += r.amount;
                } else {
                    assertThat(ids).as("key %s refused: moved nothing", r.key).isEmpty();
                }
            }
            for (int i = 0; i < customers.size(); i++) {
                assertThat(longs(
                                s,
                                "select balance from wallet_accounts where id = "
                                        + customers.get(i).accountId()))
                        .as(
                                "balance of %s against the answered transfers",
                                customers.get(i).email())
                        .containsExactly(expected[i]);
            }
        }
    }

    /** Sends the request (same key, same body each time) until the server answers it; waits out the crash. */
    private void sendUntilAnswered(Request request, List<Customer> customers) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            request.attempts++;
            try {
                HttpResponse<String> response = send(request, customers);
                int status = response.statusCode();
                if (status == 201) {
                    request.transferId = json(response).get("id").asLong();
                    request.replayed = response.headers()
                            .firstValue("Idempotent-Replayed")
                            .orElse("")
                            .equals("true");
                    request.status = status;
                    return;
                }
                if (status >= 400 && status < 500) {
                    request.status = status;
                    return;
                }
                // 5xx (e.g. 503 while the pool is cut off): no answer, try again
            } catch (IOException e) {
                // connection refused or reset: the server is down or going down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            request.unansweredOnce = true;
            sleep(100);
        }
    }

    private HttpResponse<String> send(Request r, List<Customer> customers) throws IOException, InterruptedException {
        Customer from = customers.get(r.from);
        return post(
                "/api/v1/wallet/transfers",
                from.token(),
                r.key,
                Map.of("toAccountId", customers.get(r.to).accountId(), "amount", r.amount));
    }

    private Process startServer(String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = work.resolve(name + ".log");
        Process server = new ProcessBuilder(
                        java,
                        "-Xmx384m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.emporium.EmporiumApplication",
                        "--server.port=" + httpPort,
                        "--emporium.embedded-db.dir=" + work.resolve("db"),
                        "--emporium.embedded-db.port=" + dbPort,
                        "--emporium.embedded-db.mode=durable",
                        "--emporium.seed.demo-on-empty=false",
                        "--emporium.admin.email=" + ADMIN_EMAIL,
                        "--emporium.admin.password=" + ADMIN_PASSWORD,
                        "--emporium.security.password-hash-strength=4",
                        "--spring.datasource.hikari.maximum-pool-size=6",
                        "--spring.datasource.hikari.minimum-idle=6")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        servers.add(server);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive())
                    .as("server %s exited during start-up:%n%s", name, tail(log))
                    .isTrue();
            try {
                if (get("/actuator/health/readiness", null).statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(250);
        }
        throw new AssertionError("server " + name + " not ready in time:\n" + tail(log));
    }

    private String login(String email, String password) throws Exception {
        return json(expect(200, post("/api/v1/auth/login", null, null, Map.of("email", email, "password", password))))
                .get("accessToken")
                .asString();
    }

    private HttpResponse<String> post(String path, String token, String key, Map<String, Object> body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static List<Long> longs(Statement s, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    private static void awaitAtLeast(AtomicInteger counter, int target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.get() < target) {
            assertThat(System.nanoTime())
                    .as("%d of %d transfers in time", counter.get(), target)
                    .isLessThan(deadline);
            sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
