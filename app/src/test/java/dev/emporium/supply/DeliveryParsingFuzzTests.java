package dev.emporium.supply;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.emporium.support.FuzzInputs;
import java.time.Instant;

/**
 * The delivery CSV import and the delivery list's cursor, whatever a client uploads or sends. The CSV
 * parser never throws: it answers valid lines and, per line number, what is wrong with the others; every
 * line it accepts is within the rules; line numbers point into the file. Cursors decode or are a 400.
 */
class DeliveryParsingFuzzTests {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @FuzzTest(maxDuration = "30s")
    void anyCsvParsesToValidLinesAndNumberedErrors(byte[] input) {
        String body = FuzzInputs.text(input);
        DeliveryCsv.Parsed parsed = DeliveryCsv.parse(body, NOW);
        int fileLines = body.split("\r?\n", -1).length;
        assertThat(parsed.lines().size() + parsed.errors().size()).isLessThanOrEqualTo(DeliveryCsv.MAX_LINES + 1);
        assertThat(parsed.lines().isEmpty() && parsed.errors().isEmpty()).isFalse();
        for (DeliveryCsv.Line line : parsed.lines()) {
            assertThat(line.number()).isBetween(2, fileLines);
            assertThat(line.supplierId()).isPositive();
            assertThat(line.productId()).isPositive();
            assertThat(line.quantity()).isBetween(1, DeliveryRules.MAX_QUANTITY);
            assertThat(line.unitCost()).isBetween(0L, DeliveryRules.MAX_UNIT_COST);
            assertThat(line.value()).isNotNegative();
            assertThat(DeliveryRules.receivedAtProblem(line.receivedAt(), NOW)).isNull();
        }
        for (var error : parsed.errors().entrySet()) {
            assertThat(error.getKey()).isBetween(1, fileLines + 1);
            assertThat(error.getValue()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyCursorTextDecodesToARoundTrippingCursorOrA400(byte[] input) {
        DeliveryCursor cursor = FuzzInputs.parsedOrRefused(() -> DeliveryCursor.decode(FuzzInputs.text(input)));
        if (cursor != null) {
            assertThat(DeliveryCursor.decode(cursor.encode())).isEqualTo(cursor);
            assertThat(cursor.receivedAt())
                    .as("a time the database can compare with")
                    .isBetween(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("9999-01-01T00:00:00Z"));
        }
    }
}
