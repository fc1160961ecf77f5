package dev.emporium.order;

import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.Limits;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A validated order list request: whose orders (null = everyone's, admins only), which status, the
 * half-open creation range {@code [from, to)}, where the page starts and how long it is.
 */
record OrderFilter(
        @Nullable Long customerId,
        @Nullable OrderStatus status,
        Instant from,
        Instant to,
        OrderCursor before,
        int limit) {

    /** Before any order the shop can have; after any (PostgreSQL and Java both represent these exactly). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    static OrderFilter parse(
            @Nullable Long customerId,
            @Nullable String status,
            @Nullable String from,
            @Nullable String to,
            @Nullable String cursor,
            @Nullable Integer limit) {
        if (customerId != null && customerId <= 0) {
            throw ApiException.badRequest("customerId", "must be a positive id");
        }
        Instant start = instant("from", from, EARLIEST);
        Instant end = instant("to", to, LATEST);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from", "must be before to");
        }
        return new OrderFilter(
                customerId,
                status(status),
                start,
                end,
                cursor == null ? OrderCursor.start(end) : OrderCursor.decode(cursor),
                Limits.limit(limit));
    }

    static @Nullable OrderStatus status(@Nullable String status) {
        if (status == null) {
            return null;
        }
        try {
            return OrderStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "must be one of PLACED, SHIPPED, CANCELLED");
        }
    }

    static Instant instant(String name, @Nullable String value, Instant absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            Instant instant = OffsetDateTime.parse(value.strip()).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw ApiException.badRequest(name, "must lie between 1970 and 9999");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, "must be an ISO 8601 timestamp with offset, e.g. 2026-01-31T00:00:00Z");
        }
    }
}
