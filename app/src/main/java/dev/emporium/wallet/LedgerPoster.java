package dev.emporium.wallet;

import dev.emporium.platform.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts one movement inside the caller's transaction. This is the only code that changes balances.
 *
 * <h2>Invariants it keeps</h2>
 * <ul>
 *   <li>Double entry: {@code amount} leaves one account and arrives at the other; the two entries
 *       sum to zero, and each records the balance right after it.</li>
 *   <li>Balance = sum of entries: the stored balance moves by exactly each entry's amount in the
 *       same transaction (relative {@code balance + delta}, never a value computed in Java).</li>
 *   <li>Never below zero: the debit is conditional ({@code ... and balance + delta >= 0}); when it
 *       matches no row the caller's transaction is rolled back by the 422 thrown here. Only the
 *       cash-in and refunds system accounts may go negative: they stand for money outside the shop.</li>
 *   <li>No deadlock between transfers: the two account rows are updated (and so locked) in id order,
 *       whatever the direction of the transfer.</li>
 * </ul>
 */
@Component
class LedgerPoster {

    private final WalletAccountRepository accounts;
    private final LedgerRepository ledger;
    private final WalletCaches caches;

    LedgerPoster(WalletAccountRepository accounts, LedgerRepository ledger, WalletCaches caches) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.caches = caches;
    }

    /** A movement to post; {@code actorId} and {@code key} may be null (order payments have no key). */
    record Movement(
            TransferKind kind,
            WalletAccount from,
            WalletAccount to,
            long amount,
            @Nullable String reference,
            @Nullable Long actorId,
            @Nullable String key,
            @Nullable String requestId) {}

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
        boolean debitFirst = m.from().id() < m.to().id();
        long fromBalance;
        long toBalance;
        if (debitFirst) {
            fromBalance = debit(m);
            toBalance = credit(m);
        } else {
            toBalance = credit(m);
            fromBalance = debit(m);
        }
        LedgerRepository.Posted posted = ledger.post(
                m.kind(),
                m.from().id(),
                m.to().id(),
                m.amount(),
                m.from().currency(),
                m.reference(),
                m.actorId(),
                fromBalance,
                toBalance,
                m.key(),
                m.requestId());
        List<Long> owners = new ArrayList<>(2);
        if (m.from().ownerId() != null) {
            owners.add(m.from().ownerId());
        }
        if (m.to().ownerId() != null) {
            owners.add(m.to().ownerId());
        }
        caches.balancesChangedOnCommit(owners);
        return new Transfer(
                posted.id(),
                m.kind(),
                m.from().id(),
                m.to().id(),
                m.amount(),
                m.from().currency(),
                m.reference(),
                posted.createdAt());
    }

    private long debit(Movement m) {
        OptionalLong balance = accounts.applyDelta(m.from().id(), -m.amount());
        if (balance.isEmpty()) {
            throw ApiException.unprocessable(
                    "Insufficient funds", Map.of("code", "insufficient_funds", "amount", m.amount()));
        }
        return balance.getAsLong();
    }

    private long credit(Movement m) {
        return accounts.applyDelta(m.to().id(), m.amount())
                .orElseThrow(() -> new IllegalStateException("credit of account " + m.to().id() + " matched no row"));
    }
}
