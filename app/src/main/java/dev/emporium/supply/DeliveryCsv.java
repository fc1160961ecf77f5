package dev.emporium.supply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The delivery import format: UTF-8 CSV with a header line, then one delivery per line.
 *
 * <pre>
 * supplier_id,product_id,quantity,unit_cost,received_at
 * 12,4711,40,1250,2026-11-20T08:30:00Z
 * 12,4712,10,990,2026-11-20
 * </pre>
 *
 * {@code received_at} is an ISO-8601 instant or a date (its start in UTC), and may be left empty
 * (the time of the import); the column may be left out of the header altogether. Values are plain
 * numbers and timestamps: no quoting. Blank lines are skipped. Line numbers in errors count the
 * header as line 1. Parsing checks each line on its own; whether suppliers and products exist is
 * checked afterwards, for all lines at once ({@link DeliveryService#importCsv}).
 */
final class DeliveryCsv {

    static final String MEDIA_TYPE = "text/csv";
    static final int MAX_LINES = 10_000;
    static final List<String> COLUMNS = List.of("supplier_id", "product_id", "quantity", "unit_cost", "received_at");

    private DeliveryCsv() {}

    /** One valid line. */
    record Line(int number, long supplierId, long productId, int quantity, long unitCost, Instant receivedAt) {
        long value() {
            return quantity * unitCost;
        }
    }

    /** The valid lines and, by line number, what is wrong with the others (all of a line's problems in one message). */
    record Parsed(List<Line> lines, Map<Integer, String> errors) {}

    static Parsed parse(String body, Instant now) {
        String[] raw = body.split("\r?\n", -1);
        Map<Integer, String> errors = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        int headerAt = firstNonBlank(raw);
        if (headerAt < 0) {
            errors.put(1, "the file is empty; the first line must be the header " + String.join(",", COLUMNS));
            return new Parsed(lines, errors);
        }
        List<String> header =
                List.of(raw[headerAt].strip().toLowerCase(Locale.ROOT).split("\\s*,\\s*", -1));
        if (!header.equals(COLUMNS) && !header.equals(COLUMNS.subList(0, 4))) {
            errors.put(
                    headerAt + 1, "the header must be " + String.join(",", COLUMNS) + " (received_at may be left out)");
            return new Parsed(lines, errors);
        }
        int columns = header.size();
        for (int i = headerAt + 1; i < raw.length; i++) {
            if (raw[i].isBlank()) {
                continue;
            }
            if (lines.size() + errors.size() >= MAX_LINES) {
                errors.put(i + 1, "an import holds at most " + MAX_LINES + " deliveries; split the file");
                break;
            }
            List<String> problems = new ArrayList<>();
            Line line = line(i + 1, raw[i], columns, now, problems);
            if (line == null) {
                errors.put(i + 1, String.join("; ", problems));
            } else {
                lines.add(line);
            }
        }
        if (lines.isEmpty() && errors.isEmpty()) {
            errors.put(headerAt + 2, "no deliveries after the header");
        }
        return new Parsed(lines, errors);
    }

    private static @Nullable Line line(int number, String text, int columns, Instant now, List<String> problems) {
        String[] fields = text.split(",", -1);
        if (fields.length != columns) {
            problems.add("expected " + columns + " values, found " + fields.length);
            return null;
        }
        long supplierId = number(fields[0], "supplier_id", 1, Long.MAX_VALUE, problems);
        long productId = number(fields[1], "product_id", 1, Long.MAX_VALUE, problems);
        long quantity = number(fields[2], "quantity", 1, DeliveryRules.MAX_QUANTITY, problems);
        long unitCost = number(fields[3], "unit_cost", 0, DeliveryRules.MAX_UNIT_COST, problems);
        Instant receivedAt = now;
        if (columns == 5 && !fields[4].isBlank()) {
            try {
                receivedAt = DeliveryRules.parseInstant(fields[4].strip());
                String problem = DeliveryRules.receivedAtProblem(receivedAt, now);
                if (problem != null) {
                    problems.add("received_at: " + problem);
                }
            } catch (IllegalArgumentException e) {
                problems.add("received_at: " + e.getMessage());
            }
        }
        return problems.isEmpty()
                ? new Line(number, supplierId, productId, (int) quantity, unitCost, receivedAt)
                : null;
    }

    private static long number(String field, String name, long min, long max, List<String> problems) {
        String value = field.strip();
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            if (value.isEmpty()) {
                problems.add(name + ": is missing");
                return 0;
            }
        }
        problems.add(name + ": must be a whole number from " + min + " to " + max);
        return 0;
    }

    private static int firstNonBlank(String[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (!raw[i].isBlank()) {
                return i;
            }
        }
        return -1;
    }
}
