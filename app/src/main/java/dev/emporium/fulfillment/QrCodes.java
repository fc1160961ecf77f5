package dev.emporium.fulfillment;

import org.jspecify.annotations.Nullable;

/**
 * The syntax of what scanners send. A QR code is 6–40 characters of {@code A-Z 0-9 -}, starting with
 * a letter or digit; {@code P-…} codes are parents and {@code C-…} codes children, other codes name
 * their kind in the request. Areas (warehouse zones) are 1–16 such characters; client scan ids 8–64
 * characters of {@code A-Z a-z 0-9 . _ : -} (a UUID fits).
 */
final class QrCodes {

    static final String QR = "^[A-Z0-9][A-Z0-9-]{5,39}$";
    static final String AREA = "^[A-Z0-9][A-Z0-9-]{0,15}$";
    static final String SCAN_ID = "^[A-Za-z0-9._:-]{8,64}$";

    private QrCodes() {}

    /** The kind a code's prefix names, or null when it names none. */
    static @Nullable ParcelKind kindOf(String qr) {
        if (qr.startsWith("P-")) {
            return ParcelKind.PARENT;
        }
        if (qr.startsWith("C-")) {
            return ParcelKind.CHILD;
        }
        return null;
    }
}
