package dev.emporium.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything the report shows, computed from the raw files of one run (see {@code scripts/report.sh}):
 *
 * <pre>
 * raw/conditions.properties            machine, scale, load, commit, bounds
 * raw/workload/simulation.log          the standard mixed workload (Gatling binary log)
 * raw/capacity/simulation.log          the capacity search, optional
 * raw/prom/before.prom, after.prom     /actuator/prometheus around the workload
 * raw/prom/during/*.prom               scrapes every few seconds during it
 * raw/process.csv                      epochMillis,rssBytes,cpuSeconds of the server process
 * raw/pg_*.csv, pg_statements.note     pg_stat_* before and after (psql --csv)
 * raw/redis_before.txt, after.txt      Redis INFO, when REDIS_URL was set
 * </pre>
 */
public record Report(
        Conditions conditions,
        SimulationRun workload,
        LatencySummary overall,
        Map<String, LatencySummary> endpoints,
        TimeSeries timeSeries,
        Map<String, Long> errors,
        Optional<CapacitySearch> capacitySearch,
        Optional<CapacitySearch.Result> capacity,
        ServerMetrics server,
        PostgresStats postgres,
        Optional<RedisStats> redis,
        List<Readiness.Criterion> readiness) {

    public static Report build(Path raw) throws IOException {
        Conditions conditions = Conditions.read(raw.resolve("conditions.properties"));
        SimulationRun workload = SimulationLogReader.read(raw.resolve("workload/simulation.log"));
        double seconds = workload.durationSeconds();
        LatencySummary overall = LatencySummary.of(workload.requests(), seconds);
        Map<String, LatencySummary> endpoints = new TreeMap<>();
        workload.requests().stream()
                .collect(Collectors.groupingBy(RequestSample::name))
                .forEach((name, requests) -> endpoints.put(name, LatencySummary.of(requests, seconds)));
        Map<String, Long> errors = Stream.concat(
                        workload.requests().stream().filter(r -> !r.ok()).map(r -> r.name() + ": " + r.message()),
                        workload.errors().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        Optional<CapacitySearch> search = Optional.empty();
        Optional<CapacitySearch.Result> capacity = Optional.empty();
        Path capacityLog = raw.resolve("capacity/simulation.log");
        if (Files.exists(capacityLog)) {
            CapacitySearch parameters = new CapacitySearch(
                    conditions.getDouble("capacity.startRate", 20),
                    conditions.getDouble("capacity.stepRate", 20),
                    (int) conditions.getLong("capacity.steps", 8),
                    conditions.getLong("capacity.stepSeconds", 10) * 1000,
                    conditions.bounds().p99Millis(),
                    conditions.bounds().maxErrorRate());
            search = Optional.of(parameters);
            capacity = Optional.of(
                    parameters.analyse(SimulationLogReader.read(capacityLog).requests()));
        }

        ServerMetrics server = ServerMetrics.from(
                scrape(raw.resolve("prom/before.prom")), scrape(raw.resolve("prom/after.prom")),
                scrapes(raw.resolve("prom/during")), process(raw.resolve("process.csv")));
        PostgresStats postgres = PostgresStats.read(raw);
        Optional<RedisStats> redis = RedisStats.read(raw);
        List<Readiness.Criterion> readiness = Readiness.evaluate(conditions.bounds(), overall, server, postgres);
        return new Report(
                conditions,
                workload,
                overall,
                endpoints,
                TimeSeries.of(workload.requests()),
                sortByCount(errors),
                search,
                capacity,
                server,
                postgres,
                redis,
                readiness);
    }

    private static Map<String, Long> sortByCount(Map<String, Long> errors) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        errors.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    private static PrometheusScrape scrape(Path file) throws IOException {
        return Files.exists(file) ? PrometheusScrape.read(file) : new PrometheusScrape(List.of());
    }

    private static List<PrometheusScrape> scrapes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<PrometheusScrape> scrapes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                scrapes.add(PrometheusScrape.read(file));
            }
        }
        return scrapes;
    }

    static List<ServerMetrics.ProcessSample> process(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<ServerMetrics.ProcessSample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.strip().split(",");
            if (fields.length == 3 && !fields[0].isBlank() && Character.isDigit(fields[0].charAt(0))) {
                samples.add(new ServerMetrics.ProcessSample(
                        Long.parseLong(fields[0]), Long.parseLong(fields[1]), Double.parseDouble(fields[2])));
            }
        }
        return samples;
    }
}
