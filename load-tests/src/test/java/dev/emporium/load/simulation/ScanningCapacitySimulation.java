package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Scan capacity, open model: new item bags scanned in at an arrival rate that steps up by
 * {@code -DstepRate} scans/s every {@code -DstepDuration} from {@code -DstartRate}, for {@code -Dsteps}
 * levels, whatever the server's answer times (no coordinated omission). {@code scripts/bench-scanning.sh}
 * reports each level's p99 and the highest rate whose p99 stayed within 20 ms with no errors.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.ScanningCapacitySimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -DtokensFile=tokens.txt -DstartRate=100 -DstepRate=100 -Dsteps=8 -DstepDuration=10s
 * </pre>
 */
public class ScanningCapacitySimulation extends Simulation {

    private final ScanningParameters parameters = ScanningParameters.fromSystemProperties();
    private final Journeys journeys = new Journeys(parameters.load());

    {
        double startRate = Double.parseDouble(System.getProperty("startRate", "100"));
        double stepRate = Double.parseDouble(System.getProperty("stepRate", "100"));
        int steps = Integer.getInteger("steps", 8);
        Duration stepDuration = LoadParameters.duration("stepDuration", "10s");
        setUp(new ScanningJourneys(parameters)
                        .singleScans("capacity")
                        .injectOpen(incrementUsersPerSec(stepRate)
                                .times(steps)
                                .eachLevelLasting(stepDuration)
                                .startingFrom(startRate)))
                .protocols(journeys.protocol())
                .maxDuration(stepDuration.multipliedBy(steps).plusSeconds(20));
    }
}
