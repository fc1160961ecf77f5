package dev.emporium.wallet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;

/**
 * Runs one money write (a whole transaction) again when PostgreSQL aborted it as a deadlock victim
 * ({@code 40P01}) or for a serialization failure ({@code 40001}), at most {@code maxAttempts} times
 * with a short jittered pause. Both abort the transaction before anything commits, so running it
 * again is safe; each retry is counted in {@code emporium_wallet_retries_total{reason}}.
 *
 * <p>The ledger locks the two accounts of a transfer in id order, so it should not deadlock with
 * itself; the retry is the safety net for what it cannot order (foreign-key checks, future
 * callers), and a test provokes a real deadlock to prove the net holds. Public for every feature
 * whose write moves money or stock in one transaction (orders). Must be called outside any
 * transaction: retrying a statement inside an aborted transaction is pointless.
 */
@Component
public class MoneyWriteRetry {

    private final int maxAttempts;
    private final Counter deadlocks;
    private final Counter serialization;

    MoneyWriteRetry(WalletProperties properties, MeterRegistry registry) {
        this.maxAttempts = properties.maxAttempts();
        this.deadlocks = counter(registry, "deadlock");
        this.serialization = counter(registry, "serialization");
    }

    private static Counter counter(MeterRegistry registry, String reason) {
        return Counter.builder("emporium.wallet.retries")
                .tag("reason", reason)
                .description("Money writes run again after PostgreSQL aborted them")
                .register(registry);
    }

    /** Runs {@code transaction} (which opens and commits its own transaction) with the bounded retries above. */
    public <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (ConcurrencyFailureException e) {
                String state = sqlState(e);
                boolean retryable = "40P01".equals(state) || "40001".equals(state);
                if (!retryable || attempt >= maxAttempts) {
                    throw e;
                }
                ("40P01".equals(state) ? deadlocks : serialization).increment();
                pause(attempt);
            }
        }
    }

    private static @Nullable String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a money write", e);
        }
    }
}
