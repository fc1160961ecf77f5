package dev.emporium.load.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the scanning simulations are told with {@code -D}: bearer tokens of STAFF users, one per line
 * ({@code -DtokensFile}, written by {@code scripts/bench-scanning.sh} just before the run, so logins
 * and their bcrypt are not part of the measurement), existing parcel codes to look up
 * ({@code -DcodesFile}), and the think time between one scanner's actions.
 */
record ScanningParameters(
        LoadParameters load,
        List<String> tokens,
        List<String> codes,
        Duration thinkMin,
        Duration thinkMax,
        String run) {

    static ScanningParameters fromSystemProperties() {
        return new ScanningParameters(
                LoadParameters.fromSystemProperties(),
                lines(System.getProperty("tokensFile", "")),
                lines(System.getProperty("codesFile", "")),
                LoadParameters.duration("thinkMin", "500ms"),
                LoadParameters.duration("thinkMax", "1500ms"),
                System.getProperty(
                        "run",
                        Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
                                .toUpperCase(java.util.Locale.ROOT)));
    }

    private static List<String> lines(String file) {
        if (file.isBlank()) {
            return List.of();
        }
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String token(long userId) {
        if (tokens.isEmpty()) {
            throw new IllegalStateException("-DtokensFile with STAFF bearer tokens is required");
        }
        return tokens.get((int) (userId % tokens.size()));
    }
}
