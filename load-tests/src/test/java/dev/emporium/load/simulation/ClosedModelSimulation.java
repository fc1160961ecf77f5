package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The standard mixed workload, closed model: a fixed number of concurrent users, each starting a new
 * journey when the previous one ends, in stages of {@code -Dusers=20,50,100,1000} held for
 * {@code -DstageDuration} each. Kept for comparison with multi-stage reports that use this model;
 * note that a closed model slows its own arrivals when the server slows (coordinated omission), so
 * prefer {@link MixedWorkloadSimulation} for latency claims.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.ClosedModelSimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -Dusers=20,50,100,1000 -DstageDuration=20s
 * </pre>
 */
public class ClosedModelSimulation extends Simulation {

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final Journeys journeys = new Journeys(parameters);

    {
        int[] stages = Arrays.stream(
                        System.getProperty("users", "20,50,100,1000").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        Duration stage = LoadParameters.duration("stageDuration", "20s");
        Duration ramp = LoadParameters.duration("stageRamp", "5s");
        List<ClosedInjectionStep> steps = new ArrayList<>();
        int previous = 0;
        for (int users : stages) {
            steps.add(rampConcurrentUsers(previous).to(users).during(ramp));
            steps.add(constantConcurrentUsers(users).during(stage));
            previous = users;
        }
        Duration bound = stage.plus(ramp).multipliedBy(stages.length).plusSeconds(30);
        setUp(journeys.mixed("closed").injectClosed(steps.toArray(ClosedInjectionStep[]::new)))
                .protocols(journeys.protocol())
                .maxDuration(bound);
    }
}
