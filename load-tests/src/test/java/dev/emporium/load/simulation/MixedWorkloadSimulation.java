package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Simulation;

/**
 * The standard mixed workload, open model: journeys arrive at {@code -Drate} per second whatever the
 * server's state, so overload shows up as latency and errors instead of being hidden by clients that
 * wait (coordinated omission). A ramp of {@code -DrampUp} precedes {@code -Dduration} of steady load.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.MixedWorkloadSimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -Drate=20 -Dduration=60s -Dscale=0
 * </pre>
 * {@code scripts/report.sh} runs this and turns the result into the performance report.
 *
 * <p>{@code -DwritePercent=1} (or 5) adds admin price/stock PATCHes making that share of all requests,
 * from one admin ({@code -DadminEmail}, {@code -DadminPassword}); off by default.
 */
public class MixedWorkloadSimulation extends Simulation {

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final Journeys journeys = new Journeys(parameters);

    {
        var mixed = journeys.mixed("mixed")
                .injectOpen(
                        rampUsersPerSec(1).to(parameters.rate()).during(parameters.rampUp()),
                        constantUsersPerSec(parameters.rate()).during(parameters.duration()));
        var populations = new java.util.ArrayList<>(java.util.List.of(mixed));
        if (parameters.writePercent() > 0) {
            populations.add(
                    journeys.adminWrites("admin-writes", parameters.rampUp().plus(parameters.duration()))
                            .injectOpen(atOnceUsers(1)));
        }
        setUp(populations)
                .protocols(journeys.protocol())
                .maxDuration(parameters.rampUp().plus(parameters.duration()).plusSeconds(30));
    }
}
