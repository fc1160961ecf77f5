package dev.emporium.order;

import dev.emporium.platform.web.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A keyset position in a newest-first list: the {@code (created_at, id)} of the last order shown.
 * Written as {@code <microseconds since the epoch>.<id>}: PostgreSQL keeps microseconds, so the
 * position is exact and the next page starts right after it.
 */
record OrderCursor(Instant createdAt, long id) {

    static final String SYNTAX = "^-?[0-9]{1,19}\\.[1-9][0-9]{0,18}$";
    private static final Pattern FORMAT = Pattern.compile(SYNTAX);

    /** Before every order: the start of a first page. */
    static OrderCursor start(Instant to) {
        return new OrderCursor(to, Long.MAX_VALUE);
    }

    String encode() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + "." + id;
    }

    static OrderCursor decode(String text) {
        if (!FORMAT.matcher(text).matches()) {
            throw ApiException.badRequest("cursor", "must be a cursor returned by a previous page");
        }
        int dot = text.indexOf('.');
        try {
            long micros = Long.parseLong(text.substring(0, dot));
            long id = Long.parseLong(text.substring(dot + 1));
            Instant createdAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            if (createdAt.isBefore(OrderFilter.EARLIEST) || createdAt.isAfter(OrderFilter.LATEST)) {
                // no order lies there, and PostgreSQL's calendar ends long before Instant's does
                throw ApiException.badRequest("cursor", "must be a cursor returned by a previous page");
            }
            return new OrderCursor(createdAt, id);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw ApiException.badRequest("cursor", "must be a cursor returned by a previous page");
        }
    }
}
