package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.emporium.support.FuzzInputs;

/**
 * Catalog cursors come back from clients as opaque text. Whatever the text, decoding answers a cursor
 * or a 400, and a cursor it answers encodes back to one that decodes to the same position.
 */
class ProductCursorFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void anyTextDecodesToARoundTrippingCursorOrA400(byte[] input) {
        String text = FuzzInputs.text(input);
        for (ProductSort sort : ProductSort.values()) {
            ProductCursor cursor = FuzzInputs.parsedOrRefused(() -> ProductCursor.decode(text, sort));
            if (cursor != null) {
                assertThat(cursor.sort()).isEqualTo(sort);
                assertThat(ProductCursor.decode(cursor.encode(), sort)).isEqualTo(cursor);
            }
        }
    }
}
