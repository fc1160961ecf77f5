package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Search and suggest alone, open model at fixed arrival rates, with the Zipf-skewed query mix of
 * {@link SearchQueries}: {@code -DsearchRate} searches and {@code -DsuggestRate} suggest calls (a random
 * 2–6 character prefix of a drawn query) per second for {@code -Dduration}. Run it against a server
 * whose search caches hold nothing to measure the uncached path, and against a normal one for hit
 * ratios; {@code scripts/bench-search.sh} does both.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.SearchSimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -DsearchRate=20 -DsuggestRate=60 -Dduration=60s
 * </pre>
 */
public class SearchSimulation extends Simulation {

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final SearchQueries queries = new SearchQueries(parameters.zipfExponent());
    private final Journeys journeys = new Journeys(parameters);

    {
        double searchRate = Double.parseDouble(System.getProperty("searchRate", "20"));
        double suggestRate = Double.parseDouble(System.getProperty("suggestRate", "60"));
        ScenarioBuilder search = scenario("search")
                .feed(Stream.generate(() -> Map.<String, Object>of("query", queries.next()))
                        .iterator())
                .exec(http(Journeys.SEARCH)
                        .get("/api/v1/search")
                        .queryParam("q", "#{query}")
                        .queryParam("limit", 24)
                        .check(status().is(200), jsonPath("$.facets").exists()));
        ScenarioBuilder suggest = scenario("suggest")
                .feed(Stream.generate(() -> {
                            List<String> prefixes = SearchQueries.prefixes(queries.next());
                            String prefix = prefixes.isEmpty()
                                    ? "ab"
                                    : prefixes.get(ThreadLocalRandom.current().nextInt(prefixes.size()));
                            return Map.<String, Object>of("prefix", prefix);
                        })
                        .iterator())
                .exec(http(Journeys.SUGGEST)
                        .get("/api/v1/search/suggest")
                        .queryParam("q", "#{prefix}")
                        .check(status().is(200)));
        setUp(
                        search.injectOpen(
                                rampUsersPerSec(1).to(searchRate).during(parameters.rampUp()),
                                constantUsersPerSec(searchRate).during(parameters.duration())),
                        suggest.injectOpen(
                                rampUsersPerSec(1).to(suggestRate).during(parameters.rampUp()),
                                constantUsersPerSec(suggestRate).during(parameters.duration())))
                .protocols(journeys.protocol())
                .maxDuration(parameters.rampUp().plus(parameters.duration()).plusSeconds(30));
    }
}
