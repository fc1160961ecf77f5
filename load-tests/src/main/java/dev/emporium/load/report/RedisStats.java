package dev.emporium.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Redis INFO read before and after the run: keyspace hits and misses during it, memory and clients after it. */
public record RedisStats(long hits, long misses, long commands, String usedMemoryHuman, long connectedClients) {

    public double hitRatio() {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }

    public static Optional<RedisStats> read(Path dir) throws IOException {
        Path before = dir.resolve("redis_before.txt");
        Path after = dir.resolve("redis_after.txt");
        if (!Files.exists(before) || !Files.exists(after)) {
            return Optional.empty();
        }
        return Optional.of(of(parse(Files.readString(before)), parse(Files.readString(after))));
    }

    static RedisStats of(Map<String, String> before, Map<String, String> after) {
        return new RedisStats(
                diff(before, after, "keyspace_hits"),
                diff(before, after, "keyspace_misses"),
                diff(before, after, "total_commands_processed"),
                after.getOrDefault("used_memory_human", "?"),
                number(after.get("connected_clients")));
    }

    static Map<String, String> parse(String info) {
        Map<String, String> values = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return values;
    }

    private static long diff(Map<String, String> before, Map<String, String> after, String key) {
        return number(after.get(key)) - number(before.get(key));
    }

    private static long number(@Nullable String value) {
        return value == null || value.isBlank() ? 0 : Long.parseLong(value);
    }
}
