package dev.emporium.fulfillment;

import dev.emporium.platform.db.TransactionRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Runs one scan write (a whole transaction) again when it lost a race it cannot order: the
 * platform's {@link TransactionRetry} (deadlock victim {@code 40P01}, serialization failure
 * {@code 40001}) plus two races of its own: a concurrent batch created or recorded the same rows
 * first ({@code 23505}, reason {@code duplicate}), or the rows changed between a refused write and
 * the look that explains it ({@link Raced}, reason {@code raced}). Each of these aborts the
 * transaction before anything commits, so running it again is safe. At most
 * {@code emporium.fulfillment.max-attempts}; counted in {@code emporium_fulfillment_retries_total{reason}};
 * a race still lost on the last attempt is 409 {@code contention}. Must run outside any transaction.
 */
@Component
class ScanWriteRetry {

    /** The rows moved between the refused write and the look that was to explain it: try again. */
    static final class Raced extends RuntimeException {
        Raced(String message) {
            super(message, null, false, false);
        }
    }

    private final TransactionRetry retry;

    ScanWriteRetry(FulfillmentProperties properties, MeterRegistry registry) {
        this.retry = new TransactionRetry(
                new TransactionRetry.Policy(
                        "emporium.fulfillment.retries",
                        "Scan writes run again after losing a race",
                        properties.maxAttempts(),
                        3,
                        ScanWriteRetry::reason,
                        ScanWriteRetry::exhausted),
                registry);
    }

    <T> T run(Supplier<T> transaction) {
        return retry.run(transaction);
    }

    private static @Nullable String reason(RuntimeException e) {
        if (e instanceof Raced) {
            return "raced";
        }
        return e instanceof DuplicateKeyException ? "duplicate" : null;
    }

    private static RuntimeException exhausted(RuntimeException e) {
        return e instanceof Raced
                ? Refusals.conflict("contention", "The parcel kept changing under this request; send it again")
                : e;
    }
}
