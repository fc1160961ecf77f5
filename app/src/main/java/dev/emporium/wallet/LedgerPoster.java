package dev.emporium.wallet;

import dev.emporium.platform.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts one movement inside the caller's transaction, in one statement ({@link
 * LedgerRepository#POST_MOVEMENT}). This is the only code that changes balances.
 *
 * <h2>Invariants it keeps</h2>
 * <ul>
 *   <li>Double entry: {@code amount} leaves one account and arrives at the other; the two entries
 *       sum to zero, and each records the balance right after it.</li>
 *   <li>Balance = sum of entries: the stored balance moves by exactly each entry's amount in the
 *       same statement (relative {@code balance + delta}, never a value computed in Java).</li>
 *   <li>Never below zero: the debit is conditional ({@code ... and balance + delta >= 0}); when it
 *       matches no row nothing is written and the caller's transaction is rolled back by the 422
 *       thrown here. Only the cash-in and refunds system accounts may go negative: they stand for
 *       money outside the shop. A check constraint backs the condition up.</li>
 *   <li>Daily limit (customer transfers): today's use grows in the same statement, conditional on
 *       the limit, before any balance moves; over it → 422 with today's use, nothing written.</li>
 *   <li>No deadlock between movements: the payer's daily-use row is taken first, then the two
 *       account rows in id order, whatever the direction of the transfer.</li>
 * </ul>
 */
@Component
class LedgerPoster {

    /** {@link Movement#dailyLimit()} of a movement no daily limit applies to. */
    static final long NO_DAILY_LIMIT = -1;

    private final WalletAccountRepository accounts;
    private final LedgerRepository ledger;
    private final WalletCaches caches;

    LedgerPoster(WalletAccountRepository accounts, LedgerRepository ledger, WalletCaches caches) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.caches = caches;
    }

    /**
     * A movement to post; {@code actorId} and {@code key} may be null (order payments have no key).
     * {@code transferId}: the id reserved when {@code key} was claimed ({@link
     * IdempotencyRepository}), which the transfer takes; null exactly when there is no key (the
     * sequence gives one). {@code dailyLimit}: the payer's limit for today, or {@link #NO_DAILY_LIMIT}.
     */
    record Movement(
            TransferKind kind,
            WalletAccount from,
            WalletAccount to,
            long amount,
            @Nullable String reference,
            @Nullable Long actorId,
            @Nullable String key,
            @Nullable Long transferId,
            @Nullable String requestId,
            long dailyLimit) {

        Movement {
            if ((key == null) != (transferId == null)) {
                throw new IllegalArgumentException("a movement has a reserved transfer id exactly when it has a key");
            }
        }

        Movement(
                TransferKind kind,
                WalletAccount from,
                WalletAccount to,
                long amount,
                @Nullable String reference,
                @Nullable Long actorId,
                @Nullable String key,
                @Nullable Long transferId,
                @Nullable String requestId) {
            this(kind, from, to, amount, reference, actorId, key, transferId, requestId, NO_DAILY_LIMIT);
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Transfer post(Movement m) {
        if (!m.from().currency().equals(m.to().currency())) {
            throw ApiException.unprocessable(
                    "The accounts hold different currencies",
                    Map.of(
                            "code",
                            "currency_mismatch",
                            "fromCurrency",
                            m.from().currency(),
                            "toCurrency",
                            m.to().currency()));
        }
        LedgerRepository.Posted posted = ledger.post(
                m.kind(),
                m.from().id(),
                m.to().id(),
                m.amount(),
                m.from().currency(),
                m.reference(),
                m.actorId(),
                m.dailyLimit(),
                m.key(),
                m.transferId(),
                m.requestId());
        if (m.dailyLimit() >= 0 && posted.usedToday() == null) {
            throw dailyLimitExceeded(m.from().id(), m.dailyLimit());
        }
        boolean debitFirst = m.from().id() < m.to().id();
        Long debited = debitFirst ? posted.loBalance() : posted.hiBalance();
        Long credited = debitFirst ? posted.hiBalance() : posted.loBalance();
        if (debitFirst ? debited == null : credited != null && debited == null) {
            throw ApiException.unprocessable(
                    "Insufficient funds", Map.of("code", "insufficient_funds", "amount", m.amount()));
        }
        Long id = posted.id();
        if (credited == null || id == null) {
            throw new IllegalStateException("credit of account " + m.to().id() + " matched no row");
        }
        List<Long> owners = new ArrayList<>(2);
        if (m.from().ownerId() != null) {
            owners.add(m.from().ownerId());
        }
        if (m.to().ownerId() != null) {
            owners.add(m.to().ownerId());
        }
        caches.balancesChangedOnCommit(owners);
        return new Transfer(
                id,
                m.kind(),
                m.from().id(),
                m.to().id(),
                m.amount(),
                m.from().currency(),
                m.reference(),
                Objects.requireNonNull(posted.createdAt(), "a posted transfer has its time"));
    }

    private ApiException dailyLimitExceeded(long accountId, long limit) {
        long used = accounts.dailyUse(accountId);
        return ApiException.unprocessable(
                "The amount exceeds the daily limit of " + limit,
                Map.of(
                        "code",
                        "limit_exceeded",
                        "limit",
                        "per_day",
                        "max",
                        limit,
                        "usedToday",
                        used,
                        "remainingToday",
                        Math.max(0, limit - used)));
    }
}
