package dev.emporium.wallet;

import dev.emporium.platform.db.TransactionRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs one money write (a whole transaction) again when PostgreSQL aborted it as a deadlock victim
 * ({@code 40P01}) or for a serialization failure ({@code 40001}): the platform's {@link TransactionRetry}
 * with the wallet's attempts ({@code emporium.wallet.max-attempts}) and metric,
 * {@code emporium_wallet_retries_total{reason}}.
 *
 * <p>The ledger locks the two accounts of a transfer in id order, so it should not deadlock with
 * itself; the retry is the safety net for what it cannot order (foreign-key checks, future
 * callers), and a test provokes a real deadlock to prove the net holds. Public for every feature
 * whose write moves money or stock in one transaction (orders). Must be called outside any
 * transaction: retrying a statement inside an aborted transaction is pointless.
 */
@Component
public class MoneyWriteRetry {

    private final TransactionRetry retry;

    MoneyWriteRetry(WalletProperties properties, MeterRegistry registry) {
        this.retry = new TransactionRetry(
                new TransactionRetry.Policy(
                        "emporium.wallet.retries",
                        "Money writes run again after PostgreSQL aborted them",
                        properties.maxAttempts(),
                        5),
                registry);
    }

    /** Runs {@code transaction} (which opens and commits its own transaction) with the bounded retries above. */
    public <T> T run(Supplier<T> transaction) {
        return retry.run(transaction);
    }
}
