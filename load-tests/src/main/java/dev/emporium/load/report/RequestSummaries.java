package dev.emporium.load.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints exact latency percentiles per request name of one Gatling run, for benchmark scripts:
 * {@code java -cp load-tests/target/classes dev.emporium.load.report.RequestSummaries <simulation.log> [label]}.
 */
public final class RequestSummaries {

    private RequestSummaries() {}

    public static void main(String[] args) throws IOException {
        SimulationRun run = SimulationLogReader.read(Path.of(args[0]));
        String label = args.length > 1 ? args[1] : "";
        Map<String, List<RequestSample>> byName =
                new TreeMap<>(run.requests().stream().collect(Collectors.groupingBy(RequestSample::name)));
        for (Map.Entry<String, List<RequestSample>> entry : byName.entrySet()) {
            LatencySummary s = LatencySummary.of(entry.getValue(), run.durationSeconds());
            System.out.printf(
                    "  %-9s %-22s n=%6d failed=%5d  p50=%4d ms  p95=%5d ms  p99=%5d ms  max=%5d ms  %.1f req/s%n",
                    label, entry.getKey(), s.count(), s.failures(), s.p50(), s.p95(), s.p99(), s.max(), s.throughput());
        }
    }
}
