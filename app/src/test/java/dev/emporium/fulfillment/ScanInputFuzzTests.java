package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.emporium.support.FuzzInputs;
import java.util.regex.Pattern;

/**
 * What scanners and the parcel list send, whatever it is: a QR code's kind is read from its prefix without
 * failing; a scan (code, declared kind, capacity, separated by {@code |} in the corpus files) becomes a
 * command or a 400 naming the field; parcel-list cursors decode or are a 400 and round-trip.
 */
class ScanInputFuzzTests {

    private static final Pattern QR = Pattern.compile(QrCodes.QR);

    @FuzzTest(maxDuration = "30s")
    void anyScanBecomesACommandOrA400(byte[] input) {
        String[] fields = FuzzInputs.text(input).split("\\|", -1);
        String qr = fields[0];
        ParcelKind declared = fields.length > 1 ? kind(fields[1]) : null;
        Integer capacity = fields.length > 2 ? number(fields[2]) : null;
        ParcelKind fromCode = QrCodes.kindOf(qr);
        if (fromCode != null) {
            assertThat(qr).startsWith(fromCode == ParcelKind.PARENT ? "P-" : "C-");
        }
        if (!QR.matcher(qr).matches()) {
            return;
        }
        ScanCommand command = FuzzInputs.parsedOrRefused(
                () -> ScanCommand.of("scan-0001", qr, declared, "A1", null, capacity, null, 50));
        if (command != null) {
            assertThat(command.qr()).isEqualTo(qr);
            assertThat(command.kind()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyParcelCursorTextDecodesToARoundTrippingCursorOrA400(byte[] input) {
        ParcelFilter.Cursor cursor =
                FuzzInputs.parsedOrRefused(() -> ParcelFilter.Cursor.decode(FuzzInputs.text(input)));
        if (cursor != null) {
            assertThat(ParcelFilter.Cursor.decode(cursor.encode())).isEqualTo(cursor);
        }
    }

    private static ParcelKind kind(String text) {
        for (ParcelKind kind : ParcelKind.values()) {
            if (kind.name().equals(text)) {
                return kind;
            }
        }
        return null;
    }

    private static Integer number(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
