package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The source system's readiness test, reproduced: {@code -Dscanners=60} concurrent scanners (closed
 * model: each waits for its answer, thinks, and acts again) for {@code -Dduration=120s}, mixing single
 * scans, child links, parcel lookups, re-scans and stats ({@link ScanningJourneys}). Run by
 * {@code scripts/bench-scanning.sh}, which also logs the staff in, samples the connection pool and
 * summarises p99 and errors per request type.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.ScanningSimulation \
 *     -DbaseUrl=http://127.0.0.1:8080 -DtokensFile=tokens.txt -DcodesFile=codes.txt -Dscanners=60 -Dduration=120s
 * </pre>
 */
public class ScanningSimulation extends Simulation {

    private final ScanningParameters parameters = ScanningParameters.fromSystemProperties();
    private final Journeys journeys = new Journeys(parameters.load());

    {
        int scanners = Integer.getInteger("scanners", 60);
        Duration duration = LoadParameters.duration("duration", "120s");
        setUp(new ScanningJourneys(parameters)
                        .scanners("scanners", duration)
                        .injectClosed(constantConcurrentUsers(scanners).during(duration.plusSeconds(5))))
                .protocols(journeys.protocol())
                .maxDuration(duration.plusSeconds(30));
    }
}
