package dev.emporium.fulfillment;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Runs one scan write (a whole transaction) again when it lost a race it cannot order: PostgreSQL
 * chose it as a deadlock victim ({@code 40P01}) or failed it for serialization ({@code 40001}), a
 * concurrent batch created or recorded the same rows first ({@code 23505}), or the rows changed
 * between a refused write and the look that explains it ({@link Raced}). Each of these aborts the
 * transaction before anything commits, so running it again is safe. At most {@code maxAttempts};
 * counted in {@code emporium_fulfillment_retries_total{reason}}.
 *
 * <p>The same rule as the wallet's money-write retry, kept here because that one is the wallet's
 * own (its metric and attempts are the wallet's configuration). Must run outside any transaction.
 */
@Component
class ScanWriteRetry {

    /** The rows moved between the refused write and the look that was to explain it: try again. */
    static final class Raced extends RuntimeException {
        Raced(String message) {
            super(message, null, false, false);
        }
    }

    private final int maxAttempts;
    private final MeterRegistry registry;

    ScanWriteRetry(FulfillmentProperties properties, MeterRegistry registry) {
        this.maxAttempts = properties.maxAttempts();
        this.registry = registry;
    }

    <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (ConcurrencyFailureException | DuplicateKeyException | Raced e) {
                String reason = reason(e);
                if (reason == null || attempt >= maxAttempts) {
                    if (e instanceof Raced) {
                        throw Refusals.conflict(
                                "contention", "The parcel kept changing under this request; send it again");
                    }
                    throw e;
                }
                registry.counter("emporium.fulfillment.retries", "reason", reason)
                        .increment();
                pause(attempt);
            }
        }
    }

    private static @Nullable String reason(RuntimeException e) {
        if (e instanceof Raced) {
            return "raced";
        }
        if (e instanceof DuplicateKeyException) {
            return "duplicate";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return switch (sql.getSQLState()) {
                    case "40P01" -> "deadlock";
                    case "40001" -> "serialization";
                    default -> null;
                };
            }
        }
        return null;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 3L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a scan write", e);
        }
    }
}
