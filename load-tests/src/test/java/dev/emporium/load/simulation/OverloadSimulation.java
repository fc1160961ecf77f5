package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One database-bound read at a fixed arrival rate (open model), for the overload and soak drills: each
 * arrival reads a random logged-in customer's wallet history ({@code GET /api/v1/wallet/transactions},
 * never cached), {@code -Drate} per second for {@code -Dduration}. Tokens come from {@code -DtokensFile}
 * (one access token a line; the drill scripts log the customers in first, bcrypt is not measured).
 * 200 is OK; anything else (the 503s of load shedding, 429s of a rate limiter) is KO, so Gatling's OK
 * percentiles are those of the admitted requests and its KO percentiles those of the refused ones.
 * Connections are shared between arrivals (kept alive and reused), as behind the nginx of a scaled-out
 * deployment: the drill loads the application, not the kernel's TCP accept path.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.OverloadSimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -DtokensFile=/tmp/tokens -Drate=1500 -Dduration=60s
 * </pre>
 *
 * {@code scripts/drill-overload.sh} and {@code scripts/drill-soak.sh} start a server, measure its capacity
 * and run this at a multiple of it.
 */
public class OverloadSimulation extends Simulation {

    static final String READ = "GET /wallet/transactions (database-bound)";

    {
        LoadParameters parameters = LoadParameters.fromSystemProperties();
        double rate = Double.parseDouble(System.getProperty("rate", "100"));
        Duration duration = LoadParameters.duration("duration", "60s");
        List<String> tokens = tokens(Path.of(System.getProperty("tokensFile", "tokens")));
        ScenarioBuilder read = scenario("overload")
                .feed(Stream.generate(() -> Map.<String, Object>of(
                                "token", tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()))))
                        .iterator())
                .exec(http(READ)
                        .get("/api/v1/wallet/transactions?limit=20")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200)));
        setUp(read.injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(new Journeys(parameters).protocol().shareConnections())
                .maxDuration(duration.plusSeconds(30));
    }

    private static List<String> tokens(Path file) {
        try {
            List<String> tokens =
                    Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            if (tokens.isEmpty()) {
                throw new IllegalStateException("no tokens in " + file);
            }
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
