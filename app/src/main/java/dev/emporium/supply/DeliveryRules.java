package dev.emporium.supply;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** The bounds a delivery must respect, shared by the JSON endpoint and the CSV import. */
final class DeliveryRules {

    static final int MAX_QUANTITY = 1_000_000;
    static final long MAX_UNIT_COST = 1_000_000_000_000L;
    /** A clock a little ahead of the server's is not an error. */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    private DeliveryRules() {}

    /** Why {@code receivedAt} is unacceptable at {@code now}, or null when it is fine. */
    static @Nullable String receivedAtProblem(Instant receivedAt, Instant now) {
        if (receivedAt.isAfter(now.plus(FUTURE_SKEW))) {
            return "must not be in the future";
        }
        if (receivedAt.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
            return "must not be before 2000-01-01";
        }
        return null;
    }

    /** An ISO-8601 instant ({@code 2026-11-01T10:00:00Z}) or a date ({@code 2026-11-01}, its start in UTC). */
    static Instant parseInstant(String text) {
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 instant such as 2026-11-01T10:00:00Z or a date");
        }
    }
}
