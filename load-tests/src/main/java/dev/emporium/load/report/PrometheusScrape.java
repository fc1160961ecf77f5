package dev.emporium.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One scrape of {@code /actuator/prometheus} in the text exposition format: samples with their labels.
 * Only what the report needs is parsed (no exemplars, no timestamps, no type metadata).
 */
public record PrometheusScrape(List<Sample> samples) {

    public record Sample(String name, Map<String, String> labels, double value) {

        public String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    public static PrometheusScrape read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sample sample = parseLine(line);
            if (sample != null) {
                samples.add(sample);
            }
        }
        return new PrometheusScrape(List.copyOf(samples));
    }

    private static @Nullable Sample parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int close = parseLabels(line, brace + 1, labels);
            rest = line.substring(close + 1).strip();
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1).strip();
        }
        String number = rest.split("\\s+")[0];
        try {
            return new Sample(name, Map.copyOf(labels), parseValue(number));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses {@code key="value",...} from {@code at}; returns the index of the closing brace. */
    private static int parseLabels(String line, int at, Map<String, String> labels) {
        int i = at;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < line.length() && line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return i;
    }

    private static double parseValue(String number) {
        return switch (number) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(number);
        };
    }

    public List<Sample> named(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** Sum of every sample with this name whose labels pass the filter; empty when there is none. */
    public OptionalDouble sum(String name, Predicate<Sample> filter) {
        List<Sample> matching = named(name).stream().filter(filter).toList();
        return matching.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    public OptionalDouble sum(String name) {
        return sum(name, sample -> true);
    }
}
