package dev.emporium.load.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The conditions every figure was measured under (machine, data scale, load, commit, database), as the
 * driver script recorded them in {@code conditions.properties}. They are printed with every table so a
 * figure copied out of the report still says where it came from.
 */
public record Conditions(Map<String, String> values) {

    public static Conditions read(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(key -> values.put(key, properties.getProperty(key)));
        return new Conditions(values);
    }

    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        String value = values.get(key);
        return value == null || value.isBlank() ? defaultValue : Long.parseLong(value.strip());
    }

    public double getDouble(String key, double defaultValue) {
        String value = values.get(key);
        return value == null || value.isBlank() ? defaultValue : Double.parseDouble(value.strip());
    }

    /** One line naming the machine, data, load and code: printed under every table. */
    public String summary() {
        String load = get("machine.loadavg-before", "?").split(" ")[0];
        return "%s cores, %s RAM, load avg %s at start · scale %s · %s journeys/s for %s s (open model) · commit %s · %s"
                .formatted(
                        get("machine.cores", "?"),
                        get("machine.memory", "?"),
                        load,
                        get("scale", "?"),
                        get("workload.rate", "?"),
                        get("workload.duration", "?"),
                        get("git.commit", "?"),
                        get("date", "?"));
    }

    public Readiness.Bounds bounds() {
        Readiness.Bounds defaults = Readiness.Bounds.defaults();
        return new Readiness.Bounds(
                getLong("readiness.p95Ms", defaults.p95Millis()),
                getLong("readiness.p99Ms", defaults.p99Millis()),
                getDouble("readiness.maxErrorRate", defaults.maxErrorRate()),
                getDouble("readiness.minCacheHitRatio", defaults.minCacheHitRatio()),
                getLong("readiness.largeTableRows", defaults.largeTableRows()));
    }
}
