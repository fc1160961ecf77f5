package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.emporium.support.FuzzInputs;

/**
 * Order-history cursors ({@code <microseconds>.<id>}) and the list's other parameters, whatever a client
 * sends: a filter or a 400, and a cursor that decodes encodes back to the same text's position.
 */
class OrderCursorFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void anyCursorTextDecodesToARoundTrippingPositionOrA400(byte[] input) {
        String text = FuzzInputs.text(input);
        OrderCursor cursor = FuzzInputs.parsedOrRefused(() -> OrderCursor.decode(text));
        if (cursor != null) {
            assertThat(OrderCursor.decode(cursor.encode())).isEqualTo(cursor);
            assertThat(cursor.createdAt()).isBetween(OrderFilter.EARLIEST, OrderFilter.LATEST);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyListParametersParseToAFilterOrA400(byte[] input) {
        String[] fields = FuzzInputs.text(input).split("\\|", -1);
        String status = fields.length > 0 ? fields[0] : null;
        String from = fields.length > 1 ? fields[1] : null;
        String to = fields.length > 2 ? fields[2] : null;
        String cursor = fields.length > 3 ? fields[3] : null;
        OrderFilter filter = FuzzInputs.parsedOrRefused(() -> OrderFilter.parse(1L, status, from, to, cursor, 50));
        if (filter != null) {
            assertThat(filter.from()).isBefore(filter.to());
        }
    }
}
