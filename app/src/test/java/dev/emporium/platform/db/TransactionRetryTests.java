package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

/** Which failures run the transaction again, how often, what is counted and what the caller finally sees. */
class TransactionRetryTests {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    static ConcurrencyFailureException aborted(String sqlState) {
        return new CannotAcquireLockException("aborted", new SQLException("aborted by the server", sqlState));
    }

    double count(String reason) {
        return registry.get("test.retries").tag("reason", reason).counter().count();
    }

    @Test
    void deadlockAndSerializationFailuresRunTheTransactionAgainAndAreCounted() {
        TransactionRetry retry = new TransactionRetry(new TransactionRetry.Policy("test.retries", "d", 5, 1), registry);
        AtomicInteger runs = new AtomicInteger();

        String result = retry.run(() -> switch (runs.incrementAndGet()) {
            case 1 -> throw aborted("40P01");
            case 2 -> throw aborted("40001");
            default -> "committed";
        });

        assertThat(result).isEqualTo("committed");
        assertThat(runs).hasValue(3);
        assertThat(count(TransactionRetry.DEADLOCK)).isEqualTo(1.0);
        assertThat(count(TransactionRetry.SERIALIZATION)).isEqualTo(1.0);
    }

    @Test
    void bothDatabaseReasonsAreRegisteredAtZeroBeforeAnyRetry() {
        new TransactionRetry(new TransactionRetry.Policy("test.retries", "d", 3, 1), registry);

        assertThat(count(TransactionRetry.DEADLOCK)).isZero();
        assertThat(count(TransactionRetry.SERIALIZATION)).isZero();
    }

    @Test
    void otherFailuresAreThrownAtOnceWithoutARetry() {
        TransactionRetry retry = new TransactionRetry(new TransactionRetry.Policy("test.retries", "d", 5, 1), registry);
        AtomicInteger runs = new AtomicInteger();
        DataIntegrityViolationException constraint =
                new DataIntegrityViolationException("check", new SQLException("violates check constraint", "23514"));
        ConcurrencyFailureException lockTimeout = aborted("55P03");

        assertThatThrownBy(() -> retry.run(() -> {
                    runs.incrementAndGet();
                    throw constraint;
                }))
                .isSameAs(constraint);
        assertThatThrownBy(() -> retry.run(() -> {
                    runs.incrementAndGet();
                    throw lockTimeout;
                }))
                .isSameAs(lockTimeout);
        assertThat(runs).hasValue(2);
        assertThat(count(TransactionRetry.DEADLOCK) + count(TransactionRetry.SERIALIZATION))
                .isZero();
    }

    @Test
    void theLastAttemptsFailureIsThrownAfterMaxAttemptsRuns() {
        TransactionRetry retry = new TransactionRetry(new TransactionRetry.Policy("test.retries", "d", 3, 1), registry);
        AtomicInteger runs = new AtomicInteger();
        ConcurrencyFailureException deadlock = aborted("40P01");

        assertThatThrownBy(() -> retry.run(() -> {
                    runs.incrementAndGet();
                    throw deadlock;
                }))
                .isSameAs(deadlock);
        assertThat(runs).hasValue(3);
        assertThat(count(TransactionRetry.DEADLOCK)).isEqualTo(2.0);
    }

    @Test
    void aFeaturesOwnReasonsAreRetriedCountedAndMappedWhenExhausted() {
        IllegalStateException gaveUp = new IllegalStateException("gave up");
        TransactionRetry retry = new TransactionRetry(
                new TransactionRetry.Policy(
                        "test.retries",
                        "d",
                        4,
                        1,
                        e -> e instanceof DuplicateKeyException ? "duplicate" : null,
                        e -> e instanceof DuplicateKeyException ? gaveUp : e),
                registry);
        AtomicInteger runs = new AtomicInteger();

        String second = retry.run(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new DuplicateKeyException("raced");
            }
            return "second run";
        });
        assertThat(second).isEqualTo("second run");
        assertThat(count("duplicate")).isEqualTo(1.0);

        runs.set(0);
        assertThatThrownBy(() -> retry.run(() -> {
                    runs.incrementAndGet();
                    throw new DuplicateKeyException("raced again");
                }))
                .isSameAs(gaveUp);
        assertThat(runs).hasValue(4);
        assertThat(count("duplicate")).isEqualTo(4.0);
    }

    @Test
    void aPolicyNeedsAtLeastOneAttemptAndAPositivePause() {
        assertThatThrownBy(() -> new TransactionRetry.Policy("m", "d", 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransactionRetry.Policy("m", "d", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
