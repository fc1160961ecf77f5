package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wallet alone, open model at fixed arrival rates: {@code -DtransferRate} transfers per second
 * (a random logged-in sender pays 0.01–1.00 to another one's account id, with a fresh
 * Idempotency-Key) and {@code -DbalanceRate} balance reads per second ({@code GET /wallet}, the
 * cached read), for {@code -Dduration} after {@code -DrampUp}. The {@code -Dsenders} customers
 * (default 64) log in once before the run (bcrypt, not measured), so the latencies are those of
 * the wallet endpoints alone. 422 (a sender out of money or over the daily limit) is a correct
 * answer and counted apart by the report; anything else but 201 is an error.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.WalletSimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -DtransferRate=100 -DbalanceRate=200 -Dduration=60s
 * </pre>
 *
 * {@code scripts/bench-wallet-latency.sh} starts a server, tops the senders up and runs it.
 */
public class WalletSimulation extends Simulation {

    static final String TRANSFER = "POST /wallet/transfers (wallet)";
    static final String BALANCE = "GET /wallet (wallet)";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\"accountId\"\\s*:\\s*(\\d+)");

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final Journeys journeys = new Journeys(parameters);
    private final List<String> tokens = new ArrayList<>();
    private final List<Long> accounts = new ArrayList<>();

    {
        double transferRate = Double.parseDouble(System.getProperty("transferRate", "100"));
        double balanceRate = Double.parseDouble(System.getProperty("balanceRate", "200"));
        int senders = Integer.getInteger("senders", 64);
        logIn(senders);
        ScenarioBuilder transfer = scenario("transfer")
                .feed(Stream.generate(this::transferValues).iterator())
                .exec(http(TRANSFER)
                        .post("/api/v1/wallet/transfers")
                        .header("Authorization", "Bearer #{token}")
                        .header("Idempotency-Key", "#{key}")
                        .body(StringBody("{\"toAccountId\":#{to},\"amount\":#{amount}}"))
                        .asJson()
                        .check(status().in(201, 422)));
        ScenarioBuilder balance = scenario("balance")
                .feed(Stream.generate(() -> Map.<String, Object>of("token", randomToken()))
                        .iterator())
                .exec(http(BALANCE)
                        .get("/api/v1/wallet")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200), jsonPath("$.balance").ofLong().exists()));
        setUp(
                        transfer.injectOpen(
                                rampUsersPerSec(1).to(transferRate).during(parameters.rampUp()),
                                constantUsersPerSec(transferRate).during(parameters.duration())),
                        balance.injectOpen(
                                rampUsersPerSec(1).to(balanceRate).during(parameters.rampUp()),
                                constantUsersPerSec(balanceRate).during(parameters.duration())))
                .protocols(journeys.protocol())
                .maxDuration(parameters.rampUp().plus(parameters.duration()).plusSeconds(30));
    }

    private Map<String, Object> transferValues() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(tokens.size());
        int to = (from + 1 + random.nextInt(tokens.size() - 1)) % tokens.size();
        return Map.of(
                "token",
                tokens.get(from),
                "to",
                accounts.get(to),
                "amount",
                1 + random.nextInt(100),
                "key",
                "wallet-sim-" + UUID.randomUUID());
    }

    private String randomToken() {
        return tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
    }

    /** Logs in customers 1..n of the generated set (the access token outlives a run of a few minutes). */
    private void logIn(int senders) {
        HttpClient client = HttpClient.newHttpClient();
        for (int n = 1; n <= senders; n++) {
            String email = String.format(parameters.customerEmail(), n);
            try {
                HttpResponse<String> login = client.send(
                        HttpRequest.newBuilder(URI.create(parameters.baseUrl() + "/api/v1/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"" + email + "\",\"password\":\"" + parameters.password() + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                String token = group(ACCESS_TOKEN, login.body(), "login of " + email);
                HttpResponse<String> wallet = client.send(
                        HttpRequest.newBuilder(URI.create(parameters.baseUrl() + "/api/v1/wallet"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                tokens.add(token);
                accounts.add(Long.parseLong(group(ACCOUNT_ID, wallet.body(), "wallet of " + email)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot log in " + email, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String group(Pattern pattern, String body, String what) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(what + " failed: " + body);
        }
        return m.group(1);
    }
}
