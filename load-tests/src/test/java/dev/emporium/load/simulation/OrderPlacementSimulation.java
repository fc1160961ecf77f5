package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Order placement alone, open model: {@code -DorderRate} purchases per second for {@code -Dduration}
 * (after {@code -DrampUp}), each by a customer drawn from {@code -DtokenFile} (one bearer token per
 * line, logged in beforehand so bcrypt is not measured), of 1–3 distinct products drawn Zipf-skewed
 * ({@code -DzipfExponent}) from {@code -DproductFile} (product ids, most popular first), one unit each,
 * with a fresh Idempotency-Key. With {@code -DhistoryRate} > 0 a second population reads
 * {@code GET /api/v1/orders?limit=20} at that rate, and with {@code -DlistRate} > 0 a third reads the two
 * hottest list pages (first page of products, popular) while orders change stock: their cache hit
 * ratio shows whether order traffic flushes them. {@code scripts/bench-orders.sh} prepares the files
 * and runs this beside pgbench.
 */
public class OrderPlacementSimulation extends Simulation {

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();

    {
        List<String> tokens = lines(System.getProperty("tokenFile"));
        List<String> products = lines(System.getProperty("productFile"));
        ZipfIds ranks = new ZipfIds(products.size(), parameters.zipfExponent());
        double orderRate = Double.parseDouble(System.getProperty("orderRate", "50"));
        double historyRate = Double.parseDouble(System.getProperty("historyRate", "0"));
        double listRate = Double.parseDouble(System.getProperty("listRate", "0"));
        ScenarioBuilder place = scenario("place")
                .feed(Stream.generate(() -> {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            long[] ids = new long[1 + random.nextInt(3)];
                            for (int i = 0; i < ids.length; i++) {
                                ids[i] = Long.parseLong(products.get(ranks.nextRank()));
                            }
                            return Map.<String, Object>of(
                                    "token", tokens.get(random.nextInt(tokens.size())),
                                    "idempotencyKey", "bench-" + UUID.randomUUID(),
                                    "orderBody", OrderJourneys.orderBody(ids));
                        })
                        .iterator())
                .exec(OrderJourneys.place("#{orderBody}"));
        ScenarioBuilder history = scenario("history")
                .feed(Stream.generate(() -> Map.<String, Object>of(
                                "token", tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()))))
                        .iterator())
                .exec(http(OrderJourneys.ORDER_HISTORY)
                        .get("/api/v1/orders")
                        .queryParam("limit", 20)
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200), jsonPath("$.items").exists()));
        ScenarioBuilder lists = scenario("lists")
                .exec(randomSwitch()
                        .on(
                                percent(50.0)
                                        .then(exec(http(Journeys.POPULAR)
                                                .get("/api/v1/products/popular")
                                                .check(status().is(200)))),
                                percent(50.0)
                                        .then(exec(http("GET /products")
                                                .get("/api/v1/products")
                                                .check(status().is(200))))));
        var populations = new ArrayList<io.gatling.javaapi.core.PopulationBuilder>();
        if (orderRate > 0) {
            populations.add(place.injectOpen(
                    rampUsersPerSec(1).to(orderRate).during(parameters.rampUp()),
                    constantUsersPerSec(orderRate).during(parameters.duration())));
        }
        if (listRate > 0) {
            populations.add(lists.injectOpen(
                    constantUsersPerSec(listRate).during(parameters.rampUp().plus(parameters.duration()))));
        }
        if (historyRate > 0) {
            populations.add(history.injectOpen(
                    rampUsersPerSec(1).to(historyRate).during(parameters.rampUp()),
                    constantUsersPerSec(historyRate).during(parameters.duration())));
        }
        setUp(populations)
                .protocols(http.baseUrl(parameters.baseUrl())
                        .acceptHeader("application/json")
                        .userAgentHeader("emporium-bench-orders"))
                .maxDuration(parameters.rampUp().plus(parameters.duration()).plusSeconds(30));
    }

    private static List<String> lines(String file) {
        if (file == null) {
            throw new IllegalArgumentException("-DtokenFile and -DproductFile are required");
        }
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
