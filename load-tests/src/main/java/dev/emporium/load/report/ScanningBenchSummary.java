package dev.emporium.load.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints the figures of {@code scripts/bench-scanning.sh} from Gatling's simulation logs: the closed
 * 60-scanner run per request type and in total (count, p50, p95, p99, max, errors), then the
 * open-model capacity search level by level and the highest scan rate whose p99 stayed within the
 * bound with no errors. Percentiles are exact nearest-rank values ({@link LatencySummary}).
 *
 * <pre>
 * java -cp load-tests/target/classes dev.emporium.load.report.ScanningBenchSummary CLOSED_LOG [CAPACITY_LOG
 *     START_RATE STEP_RATE STEPS STEP_MILLIS P99_BOUND_MILLIS]
 * </pre>
 */
public final class ScanningBenchSummary {

    private ScanningBenchSummary() {}

    public static void main(String[] args) throws IOException {
        SimulationRun closed = SimulationLogReader.read(Path.of(args[0]));
        double seconds = closed.durationSeconds();
        Map<String, List<RequestSample>> byName =
                new TreeMap<>(closed.requests().stream().collect(Collectors.groupingBy(RequestSample::name)));
        System.out.println(
                "Closed model (" + closed.simulationClass() + "), " + String.format("%.0f", seconds) + " s:");
        System.out.printf(
                "  %-42s %8s %7s %6s %6s %6s %6s %7s%n",
                "request", "count", "req/s", "p50", "p95", "p99", "max", "errors");
        byName.forEach((name, samples) -> print(name, LatencySummary.of(samples, seconds)));
        print("all", LatencySummary.of(closed.requests(), seconds));
        if (!closed.errors().isEmpty()) {
            System.out.println("  errors outside requests: " + closed.errors());
        }
        closed.requests().stream()
                .filter(r -> !r.ok())
                .collect(Collectors.groupingBy(r -> r.name() + ": " + r.message(), TreeMap::new, Collectors.counting()))
                .forEach((message, count) -> System.out.println("  failed " + count + " x " + message));
        if (args.length < 7) {
            return;
        }
        SimulationRun capacity = SimulationLogReader.read(Path.of(args[1]));
        CapacitySearch search = new CapacitySearch(
                Double.parseDouble(args[2]),
                Double.parseDouble(args[3]),
                Integer.parseInt(args[4]),
                Long.parseLong(args[5]),
                Long.parseLong(args[6]),
                0.0);
        CapacitySearch.Result result = search.analyse(capacity.requests());
        System.out.println("Open model, single scans stepped up (p99 bound " + args[6] + " ms, no errors):");
        System.out.printf(
                "  %-10s %8s %9s %6s %6s %6s %6s %7s  %s%n",
                "offered/s", "count", "served/s", "p50", "p95", "p99", "max", "errors", "held");
        for (CapacitySearch.Level level : result.levels()) {
            LatencySummary s = level.summary();
            System.out.printf(
                    "  %-10.0f %8d %9.1f %6d %6d %6d %6d %7d  %s%n",
                    level.rate(),
                    s.count(),
                    s.throughput(),
                    s.p50(),
                    s.p95(),
                    s.p99(),
                    s.max(),
                    s.failures(),
                    level.held() ? "yes" : "no");
        }
        System.out.println("Capacity: "
                + result.capacity()
                        .map(level -> String.format(
                                "%.0f scans/s with p99 %d ms",
                                level.rate(), level.summary().p99()))
                        .orElse("no level held"));
    }

    private static void print(String name, LatencySummary s) {
        System.out.printf(
                "  %-42s %8d %7.1f %6d %6d %6d %6d %7d%n",
                name, s.count(), s.throughput(), s.p50(), s.p95(), s.p99(), s.max(), s.failures());
    }
}
