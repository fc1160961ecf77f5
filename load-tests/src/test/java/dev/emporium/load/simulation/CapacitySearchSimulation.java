package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Capacity search: the standard mixed workload at an arrival rate that steps up by {@code -DstepRate}
 * journeys/s every {@code -DstepDuration}, from {@code -DstartRate}, for {@code -Dsteps} levels.
 * The report generator cuts the run into levels and reports the last level whose p99 stayed under the
 * bound with no errors: the capacity number. The run is bounded (steps x stepDuration) rather than
 * stopped at the first failing level, so the report also shows how the server degrades past it.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.CapacitySearchSimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -DstartRate=20 -DstepRate=20 -Dsteps=8 -DstepDuration=10s
 * </pre>
 */
public class CapacitySearchSimulation extends Simulation {

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    private final Journeys journeys = new Journeys(parameters);

    {
        double startRate = Double.parseDouble(System.getProperty("startRate", "20"));
        double stepRate = Double.parseDouble(System.getProperty("stepRate", "20"));
        int steps = Integer.getInteger("steps", 8);
        Duration stepDuration = LoadParameters.duration("stepDuration", "10s");
        setUp(journeys.mixed("capacity")
                        .injectOpen(incrementUsersPerSec(stepRate)
                                .times(steps)
                                .eachLevelLasting(stepDuration)
                                .startingFrom(startRate)))
                .protocols(journeys.protocol())
                .maxDuration(stepDuration.multipliedBy(steps).plusSeconds(20));
    }
}
