package dev.emporium.supply;

import dev.emporium.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** An opaque keyset position in a newest-first list: the (time, id) of the last row served. */
record DeliveryCursor(Instant receivedAt, long id) {

    /** Bounds no delivery crosses (the rules refuse deliveries before 2000); a cursor outside them is forged. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    String encode() {
        String raw = receivedAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static DeliveryCursor decode(String value) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 2) {
                throw invalid();
            }
            Instant receivedAt = Instant.parse(parts[0]);
            if (receivedAt.isBefore(EARLIEST) || receivedAt.isAfter(LATEST)) {
                // no delivery lies there, and the database's calendar ends long before Instant's does
                throw invalid();
            }
            return new DeliveryCursor(receivedAt, Long.parseLong(parts[1]));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor", "is not a cursor returned by this list");
    }
}
