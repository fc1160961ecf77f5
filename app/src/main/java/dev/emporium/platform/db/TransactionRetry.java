package dev.emporium.platform.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.modulith.NamedInterface;

/**
 * Runs a whole transaction again when PostgreSQL aborted it for a race the code cannot order away:
 * chosen as a deadlock victim ({@code 40P01}) or failed for serialization ({@code 40001}). Both abort
 * the transaction before anything commits, so running it again from the start is safe. At most
 * {@code maxAttempts} runs, with a short jittered pause between them (1 ms up to
 * {@code pauseBase << attempt} ms); each retry is counted in {@code <metric>{reason}}.
 *
 * <p>A feature may name more retryable failures of its own ({@link Policy#extraReasons}: an exception
 * that means "lost a race, nothing committed", e.g. a unique-key collision with a concurrent insert) and
 * what to throw instead when the last attempt still fails that way ({@link Policy#exhausted}).
 *
 * <p>One instance per feature, built by the feature with its own metric name and attempts (the wallet's
 * money writes, fulfillment's scan writes). {@link #run} must be called outside any transaction:
 * retrying a statement inside an aborted transaction is pointless.
 */
@NamedInterface("db")
public final class TransactionRetry {

    /** The reason of a deadlock victim ({@code 40P01}). */
    public static final String DEADLOCK = "deadlock";

    /** The reason of a serialization failure ({@code 40001}). */
    public static final String SERIALIZATION = "serialization";

    /**
     * How one feature retries.
     *
     * @param metric the counter's name (e.g. {@code emporium.wallet.retries}), tagged with {@code reason}
     * @param description the counter's description
     * @param maxAttempts runs in all, at least 1
     * @param pauseBaseMillis the pause after attempt {@code n} is drawn from {@code [1, pauseBase << n)} ms
     * @param extraReasons the reason to retry a failure PostgreSQL's states do not cover, or null when it
     *     is not retryable
     * @param exhausted what to throw when the last attempt failed with a retryable failure (usually the
     *     failure itself)
     */
    public record Policy(
            String metric,
            String description,
            int maxAttempts,
            long pauseBaseMillis,
            Function<RuntimeException, @Nullable String> extraReasons,
            Function<RuntimeException, RuntimeException> exhausted) {

        public Policy {
            if (maxAttempts < 1 || pauseBaseMillis < 1) {
                throw new IllegalArgumentException("maxAttempts and pauseBaseMillis must be at least 1");
            }
        }

        /** Retries deadlocks and serialization failures only; the last failure is thrown as it is. */
        public Policy(String metric, String description, int maxAttempts, long pauseBaseMillis) {
            this(metric, description, maxAttempts, pauseBaseMillis, e -> null, e -> e);
        }
    }

    private final Policy policy;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public TransactionRetry(Policy policy, MeterRegistry registry) {
        this.policy = policy;
        this.registry = registry;
        // the database's two reasons are visible at zero from the start, so a dashboard sees "none yet"
        counter(DEADLOCK);
        counter(SERIALIZATION);
    }

    /** Runs {@code transaction} (which opens and commits its own transaction) with the bounded retries above. */
    public <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                String reason = reason(e);
                if (reason == null) {
                    throw e;
                }
                if (attempt >= policy.maxAttempts()) {
                    throw policy.exhausted().apply(e);
                }
                counter(reason).increment();
                pause(attempt);
            }
        }
    }

    /** Why {@code e} may be retried, or null when it may not. */
    private @Nullable String reason(RuntimeException e) {
        if (e instanceof ConcurrencyFailureException) {
            String state = sqlState(e);
            if ("40P01".equals(state)) {
                return DEADLOCK;
            }
            if ("40001".equals(state)) {
                return SERIALIZATION;
            }
        }
        return policy.extraReasons().apply(e);
    }

    /** The SQL state of the first {@link SQLException} in the cause chain that has one. */
    static @Nullable String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private Counter counter(String reason) {
        return Objects.requireNonNull(counters.computeIfAbsent(
                reason,
                r -> Counter.builder(policy.metric())
                        .tag("reason", r)
                        .description(policy.description())
                        .register(registry)));
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, policy.pauseBaseMillis() << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a transaction", e);
        }
    }
}
