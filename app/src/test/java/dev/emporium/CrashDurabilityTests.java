package dev.emporium;

import static dev.emporium.support.ChildServer.expect;
import static dev.emporium.support.ChildServer.json;
import static dev.emporium.support.ChildServer.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.ChildServer;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

/**
 * The embedded default is durable through a crash of the server process: a real server in a child JVM,
 * on a durable embedded PostgreSQL in its own directory, takes concurrent wallet transfers and orders
 * over HTTP and is killed with SIGKILL in the middle of them. It is started again on the same directory
 * (taking the orphaned database over), and every client retries every request that got no answer with
 * its same Idempotency-Key and body until it gets one. Afterwards:
 * <ul>
 *   <li>money: every transfer's entries sum to zero, every balance equals the sum of its entries, none is
 *       negative, all balances sum to zero, and each customer's balance is exactly what the deposits, the
 *       answered transfers and the answered orders imply (nothing doubled, nothing lost);</li>
 *   <li>every write answered 201, before or after the crash, is in the database exactly once with the id
 *       it was answered with; a write refused with a 4xx changed nothing; nothing exists that no client
 *       asked for;</li>
 *   <li>orders: each is paid by exactly one ORDER_PAYMENT of its total from its customer, its total is the
 *       sum of its lines, no payment names a missing order; stock is never negative and each product's
 *       stock plus what its order lines took is its initial stock (stock runs out during the test, so
 *       some orders are refused with 409);</li>
 *   <li>a sample of keys sent again replays the same transfer or order, and the server's own verification
 *       (ledger and audit chain) says ok.</li>
 * </ul>
 * Bounded: the test stops issuing new requests shortly after the restart; its figures (writes before
 * and after the crash, requests that were in flight) go to the test output.
 */
class CrashDurabilityTests {

    private static final int CUSTOMERS = 12;
    private static final long OPENING = 1_000_000;
    private static final int TRANSFER_CLIENTS = 8;
    private static final int ORDER_CLIENTS = 6;
    private static final int BEFORE_CRASH = 150;
    private static final int AFTER_RESTART = 150;
    private static final int PRODUCTS = 6;
    private static final int INITIAL_STOCK = 30;
    private static final String ADMIN_EMAIL = "crash-admin@example.test";
    private static final String ADMIN_PASSWORD = "crash-admin-password";
    private static final String PASSWORD = "crash-customer-password";

    @TempDir
    Path work;

    private final List<ChildServer> servers = new ArrayList<>();
    private int httpPort;
    private int dbPort;
    private volatile ChildServer server;

    /** One write a client wants made exactly once; {@code status} is set once it has a final answer. */
    private static final class Request {
        final String key;
        final int customer;
        final String path;
        final Map<String, Object> body;
        final boolean order;
        volatile int status;
        volatile long id;
        volatile long total;
        volatile boolean unansweredOnce;
        volatile boolean replayed;

        Request(String key, int customer, String path, Map<String, Object> body, boolean order) {
            this.key = key;
            this.customer = customer;
            this.path = path;
            this.body = body;
            this.order = order;
        }
    }

    private record Customer(String email, String token, long userId, long accountId) {}

    @AfterEach
    void stopEverything() throws Exception {
        servers.forEach(ChildServer::close);
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
    void aServerKilledMidTrafficLosesAndDoublesNoTransferOrOrderWhenClientsRetryWithTheirKeys() throws Exception {
        httpPort = ChildServer.freePort();
        dbPort = ChildServer.freePort();
        server = startServer("first");
        String admin = server.login(ADMIN_EMAIL, ADMIN_PASSWORD);
        List<Long> products = insertProducts();
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String email = "crash-" + i + "@example.test";
            expect(
                    201,
                    server.post(
                            "/api/v1/auth/register",
                            null,
                            null,
                            Map.of("email", email, "password", PASSWORD, "name", "C" + i)));
            String token = server.login(email, PASSWORD);
            JsonNode wallet = json(expect(200, server.get("/api/v1/wallet", token)));
            long accountId = wallet.get("accountId").asLong();
            expect(
                    201,
                    server.post(
                            "/api/v1/admin/wallet/deposits",
                            admin,
                            "opening-deposit-" + i,
                            Map.of("accountId", accountId, "amount", OPENING)));
            customers.add(new Customer(email, token, userId(email), accountId));
        }

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(TRANSFER_CLIENTS + ORDER_CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < TRANSFER_CLIENTS + ORDER_CLIENTS; c++) {
            int client = c;
            boolean orders = c >= TRANSFER_CLIENTS;
            running.add(clients.submit(() -> {
                SplittableRandom random = new SplittableRandom(42 + client);
                for (int n = 0; !stop.get(); n++) {
                    Request request =
                            orders ? order(client, n, random, products) : transfer(client, n, random, customers);
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
        server.kill(); // SIGKILL: no shutdown hook, no graceful drain, connections cut mid-transaction
        server = startServer("second");
        awaitAtLeast(created, created.get() + AFTER_RESTART, Duration.ofMinutes(2));
        stop.set(true);
        for (Future<?> client : running) {
            client.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();

        List<Request> all = new ArrayList<>(requests);
        long retriedAcrossTheCrash = all.stream().filter(r -> r.unansweredOnce).count();
        System.out.printf(
                "crash test: %d writes (%d transfers, %d orders), %d answered 201 (%d before the kill), %d refused"
                        + " (%d orders out of stock), %d unanswered at least once and retried with their key"
                        + " (%d of them had committed before the kill: answered by replay)%n",
                all.size(),
                all.stream().filter(r -> !r.order).count(),
                all.stream().filter(r -> r.order).count(),
                all.stream().filter(r -> r.status == 201).count(),
                createdBeforeKill,
                all.stream().filter(r -> r.status != 201).count(),
                all.stream().filter(r -> r.status == 409).count(),
                retriedAcrossTheCrash,
                all.stream().filter(r -> r.unansweredOnce && r.replayed).count());
        assertThat(retriedAcrossTheCrash)
                .as("the kill cut requests in flight (otherwise this tested no crash)")
                .isPositive();
        assertThat(all)
                .allSatisfy(r -> assertThat(r.status)
                        .as("key %s: every write ends created or with a business refusal", r.key)
                        .isIn(r.order ? List.of(201, 409, 422) : List.of(201, 422)));
        assertThat(all.stream().filter(r -> r.order && r.status == 201)).isNotEmpty();
        assertThat(all.stream().filter(r -> r.order && r.status == 409))
                .as("stock ran out: some orders were refused")
                .isNotEmpty();

        try (Connection db = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", embeddedPassword());
                Statement s = db.createStatement()) {
            assertLedger(s, all, customers);
            assertOrdersAndStock(s, all, products);
        }

        // a sample of keys sent again: the same transfer or order, replayed
        List<Request> answered = all.stream().filter(r -> r.status == 201).toList();
        List<Request> sample = new ArrayList<>(
                answered.stream().filter(r -> !r.order).limit(10).toList());
        sample.addAll(answered.stream().filter(r -> r.order).limit(10).toList());
        for (Request r : sample) {
            HttpResponse<String> again = send(r, customers);
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(json(again).get("id").asLong()).isEqualTo(r.id);
        }
        JsonNode verification = json(expect(200, server.get("/api/v1/admin/wallet/verification", admin)));
        assertThat(verification.get("ok").asBoolean())
                .as(verification.toString())
                .isTrue();
    }

    private static Request transfer(int client, int n, SplittableRandom random, List<Customer> customers) {
        int from = random.nextInt(CUSTOMERS);
        int to = (from + 1 + random.nextInt(CUSTOMERS - 1)) % CUSTOMERS;
        return new Request(
                "crash-" + client + "-" + n,
                from,
                "/api/v1/wallet/transfers",
                Map.of("toAccountId", customers.get(to).accountId(), "amount", 1 + random.nextInt(500)),
                false);
    }

    private static Request order(int client, int n, SplittableRandom random, List<Long> products) {
        int lines = 1 + random.nextInt(3);
        int first = random.nextInt(PRODUCTS);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int l = 0; l < lines; l++) {
            items.add(Map.of("productId", products.get((first + l) % PRODUCTS), "quantity", 1 + random.nextInt(3)));
        }
        return new Request(
                "order-" + client + "-" + n, random.nextInt(CUSTOMERS), "/api/v1/orders", Map.of("items", items), true);
    }

    /** Products with little stock, so that it runs out while orders keep coming. */
    private List<Long> insertProducts() throws SQLException, IOException {
        List<Long> ids = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", embeddedPassword());
                Statement s = db.createStatement()) {
            s.execute("insert into categories (name, slug) values ('Crash', 'crash')");
            s.execute("insert into products (sku, name, brand, category_id, price, currency, stock)"
                    + " select 'CRASH-' || n, 'Crash product ' || n, 'Acme',"
                    + " (select id from categories where slug = 'crash'), 100 * n, 'EUR', " + INITIAL_STOCK
                    + " from generate_series(1, " + PRODUCTS + ") n");
            ids.addAll(longs(s, "select id from products where sku like 'CRASH-%' order by id"));
        }
        return ids;
    }

    private long userId(String email) throws SQLException, IOException {
        try (Connection db = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", "postgres", embeddedPassword());
                Statement s = db.createStatement()) {
            return longs(s, "select id from users where email = '" + email + "'")
                    .getFirst();
        }
    }

    /** The child's embedded PostgreSQL requires the password it keeps beside its data directory (libpq format). */
    private String embeddedPassword() throws IOException {
        String line = Files.readAllLines(work.resolve("db.pgpass")).getFirst();
        return line.substring(line.lastIndexOf(':') + 1);
    }

    private void assertLedger(Statement s, List<Request> all, List<Customer> customers) throws SQLException {
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

        Map<String, List<Long>> byKey = new HashMap<>();
        try (ResultSet rows = s.executeQuery("""
                select a.idempotency_key, t.id
                  from wallet_transfers t
                  join wallet_audit a on a.transfer_id = t.id
                 where t.kind = 'TRANSFER'
                """)) {
            while (rows.next()) {
                byKey.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getLong(2));
            }
        }
        Set<String> asked = new HashSet<>();
        all.stream().filter(r -> !r.order).forEach(r -> asked.add(r.key));
        assertThat(byKey.keySet()).as("transfers nobody asked for").isSubsetOf(asked);
        long[] expected = new long[customers.size()];
        java.util.Arrays.fill(expected, OPENING);
        for (Request r : all) {
            if (r.order) {
                if (r.status == 201) {
                    expected[r.customer] -= r.total;
                }
                continue;
            }
            List<Long> ids = byKey.getOrDefault(r.key, List.of());
            if (r.status == 201) {
                assertThat(ids)
                        .as("key %s answered 201: executed exactly once", r.key)
                        .containsExactly(r.id);
                expected[r.customer] -= amount(r);
                expected[to(r, customers)] += amount(r);
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
                            "balance of %s against the answered transfers and orders",
                            customers.get(i).email())
                    .containsExactly(expected[i]);
        }
    }

    private void assertOrdersAndStock(Statement s, List<Request> all, List<Long> products) throws SQLException {
        Map<Long, Request> answered = new LinkedHashMap<>();
        all.stream().filter(r -> r.order && r.status == 201).forEach(r -> answered.put(r.id, r));
        assertThat(answered).as("each answered order has its own id").hasSize((int)
                all.stream().filter(r -> r.order && r.status == 201).count());
        assertThat(longs(s, "select id from orders"))
                .as("the orders in the database are exactly the orders answered 201")
                .containsExactlyInAnyOrderElementsOf(answered.keySet());
        for (Request r : answered.values()) {
            assertThat(longs(s, "select total from orders where id = " + r.id))
                    .as("order %d's total as answered", r.id)
                    .containsExactly(r.total);
        }
        assertThat(longs(s, """
                select o.id from orders o
                  join (select order_id, sum(quantity * unit_price) as total from order_lines group by order_id) l
                    on l.order_id = o.id
                 where l.total <> o.total
                """))
                .as("orders whose total is not the sum of their lines")
                .isEmpty();
        assertThat(longs(s, """
                select o.id from orders o
                  left join wallet_transfers t on t.kind = 'ORDER_PAYMENT' and t.reference = 'order:' || o.id
                  left join wallet_accounts a on a.id = t.from_account_id
                 group by o.id, o.total, o.customer_id
                having count(t.id) <> 1 or min(t.amount) <> o.total or min(a.owner_id) <> o.customer_id
                """))
                .as("orders not paid exactly once, by their customer, with their total")
                .isEmpty();
        assertThat(longs(s, """
                select t.id from wallet_transfers t
                 where t.kind = 'ORDER_PAYMENT'
                   and not exists (select 1 from orders o where t.reference = 'order:' || o.id)
                """)).as("order payments without an order").isEmpty();
        assertThat(longs(s, """
                select k.result_id from wallet_idempotency_keys k where k.key like 'order-%'
                """))
                .as("every order key names the order it created, and only answered orders have keys")
                .containsExactlyInAnyOrderElementsOf(answered.keySet());
        for (long product : products) {
            long stock =
                    longs(s, "select stock from products where id = " + product).getFirst();
            long taken = longs(s, "select coalesce(sum(quantity), 0) from order_lines where product_id = " + product)
                    .getFirst();
            assertThat(stock).as("stock of product %d", product).isNotNegative();
            assertThat(stock + taken)
                    .as("product %d: stock plus what orders took is the initial stock", product)
                    .isEqualTo(INITIAL_STOCK);
        }
    }

    private static long amount(Request r) {
        return ((Number) r.body.get("amount")).longValue();
    }

    private static int to(Request r, List<Customer> customers) {
        long account = ((Number) r.body.get("toAccountId")).longValue();
        for (int i = 0; i < customers.size(); i++) {
            if (customers.get(i).accountId() == account) {
                return i;
            }
        }
        throw new IllegalStateException("no customer has account " + account);
    }

    /** Sends the request (same key, same body each time) until the server answers it; waits out the crash. */
    private void sendUntilAnswered(Request request, List<Customer> customers) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            try {
                HttpResponse<String> response = send(request, customers);
                int status = response.statusCode();
                if (status == 201) {
                    JsonNode body = json(response);
                    request.id = body.get("id").asLong();
                    request.total = request.order ? body.get("total").asLong() : 0;
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
            }
            request.unansweredOnce = true;
            sleep(100);
        }
    }

    private HttpResponse<String> send(Request r, List<Customer> customers) throws IOException {
        return server.post(r.path, customers.get(r.customer).token(), r.key, r.body);
    }

    private ChildServer startServer(String name) {
        ChildServer started = ChildServer.start(
                name,
                work,
                httpPort,
                Map.of(),
                List.of(
                        "--emporium.embedded-db.dir=" + work.resolve("db"),
                        "--emporium.embedded-db.port=" + dbPort,
                        "--emporium.embedded-db.mode=durable",
                        "--emporium.seed.demo-on-empty=false",
                        "--emporium.admin.email=" + ADMIN_EMAIL,
                        "--emporium.admin.password=" + ADMIN_PASSWORD,
                        "--emporium.security.password-hash-strength=4",
                        "--spring.datasource.hikari.maximum-pool-size=6",
                        "--spring.datasource.hikari.minimum-idle=6"));
        servers.add(started);
        return started;
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
                    .as("%d of %d writes in time", counter.get(), target)
                    .isLessThan(deadline);
            sleep(20);
        }
    }
}
