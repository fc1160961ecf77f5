package dev.emporium.wallet;

import dev.emporium.account.Account;
import dev.emporium.account.AccountService;
import dev.emporium.platform.web.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customer transfers and admin deposits over HTTP: idempotent, limited, one transaction each.
 *
 * <h2>Idempotency</h2>
 * The first statement of the transaction claims {@code (caller, key)} with the request's
 * fingerprint; the last one completes it with the transfer id. So a key exists exactly when its
 * effect does, and:
 * <ul>
 *   <li>same key, same request → the stored transfer is answered again (201, same body,
 *       {@code Idempotent-Replayed: true}), nothing moves;</li>
 *   <li>same key, different request → 422, nothing moves;</li>
 *   <li>two concurrent requests with one key → the second waits on the claim until the first
 *       commits, then replays it: exactly one executes;</li>
 *   <li>a request that fails (400, 404, 422) rolls its claim back with everything else, so the
 *       same key may be used again once the problem is fixed (e.g. after a deposit).</li>
 * </ul>
 *
 * <h2>Round trips</h2>
 * A transfer to an account id is six statements in one transaction: claim the key, find payer and
 * payee, add to today's use (conditional on the daily limit), two conditional balance updates in id
 * order, and one statement writing transfer, entries, audit row and key completion. The
 * verification status is read from cache, and only for amounts above the threshold.
 */
@Service
class TransferService {

    private final WalletAccountRepository accounts;
    private final IdempotencyRepository keys;
    private final LedgerRepository ledger;
    private final LedgerPoster poster;
    private final SystemAccounts system;
    private final VerificationService verifications;
    private final AccountService users;
    private final WalletProperties properties;
    private final MoneyWriteRetry retry;
    private final TransactionTemplate transactions;

    TransferService(
            WalletAccountRepository accounts,
            IdempotencyRepository keys,
            LedgerRepository ledger,
            LedgerPoster poster,
            SystemAccounts system,
            VerificationService verifications,
            AccountService users,
            WalletProperties properties,
            MoneyWriteRetry retry,
            PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.keys = keys;
        this.ledger = ledger;
        this.poster = poster;
        this.system = system;
        this.verifications = verifications;
        this.users = users;
        this.properties = properties;
        this.retry = retry;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** A transfer and whether it is a replay of an earlier request with the same key. */
    record Outcome(Transfer transfer, boolean replayed) {}

    Outcome transfer(long payerId, WalletRequests.NewTransfer body, String key, String requestId) {
        RequestFingerprint.requireKey(key);
        long amount = Amounts.minorUnits("amount", body.amount());
        String email = normalisedEmail(body.toEmail(), body.toAccountId(), "toEmail", "toAccountId");
        String reference = blankToNull(body.reference());
        byte[] fingerprint = RequestFingerprint.of("transfer", email, body.toAccountId(), amount, reference);
        return retry.run(() -> transactions.execute(tx -> {
            if (!keys.claim(payerId, key, fingerprint)) {
                return replay(payerId, key, fingerprint);
            }
            List<WalletAccount> found;
            Long recipientOwner = null;
            if (email != null) {
                recipientOwner = users.findByEmail(email)
                        .map(Account::id)
                        .orElseThrow(() -> ApiException.notFound("No customer wallet for " + email));
                found = accounts.payerAndOwner(payerId, recipientOwner);
            } else {
                found = accounts.payerAndAccount(payerId, body.toAccountId());
            }
            WalletAccount payer = found.stream()
                    .filter(a -> Long.valueOf(payerId).equals(a.ownerId()))
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("You have no wallet"));
            Long wantedOwner = recipientOwner;
            WalletAccount payee = found.stream()
                    .filter(a -> wantedOwner != null ? wantedOwner.equals(a.ownerId()) : a.id() == body.toAccountId())
                    .filter(WalletAccount::isCustomer)
                    .findFirst()
                    .orElseThrow(() ->
                            ApiException.notFound("No customer wallet with that " + (email != null ? "email" : "id")));
            if (payee.id() == payer.id()) {
                throw ApiException.badRequest(email != null ? "toEmail" : "toAccountId", "must not be your own wallet");
            }
            checkLimits(payerId, payer, amount);
            return new Outcome(
                    poster.post(new LedgerPoster.Movement(
                            TransferKind.TRANSFER, payer, payee, amount, reference, payerId, key, requestId)),
                    false);
        }));
    }

    Outcome deposit(long adminId, WalletRequests.NewDeposit body, String key, String requestId) {
        RequestFingerprint.requireKey(key);
        long amount = Amounts.minorUnits("amount", body.amount());
        String email = normalisedEmail(body.email(), body.accountId(), "email", "accountId");
        String reference = blankToNull(body.reference());
        byte[] fingerprint = RequestFingerprint.of("deposit", email, body.accountId(), amount, reference);
        return retry.run(() -> transactions.execute(tx -> {
            if (!keys.claim(adminId, key, fingerprint)) {
                return replay(adminId, key, fingerprint);
            }
            WalletAccount target = (email != null
                            ? users.findByEmail(email).flatMap(a -> accounts.accountByOwner(a.id()))
                            : accounts.accountById(body.accountId()))
                    .filter(WalletAccount::isCustomer)
                    .orElseThrow(() ->
                            ApiException.notFound("No customer wallet with that " + (email != null ? "email" : "id")));
            WalletAccount cashIn = system.get(WalletAccount.DEPOSITS, target.currency());
            return new Outcome(
                    poster.post(new LedgerPoster.Movement(
                            TransferKind.DEPOSIT, cashIn, target, amount, reference, adminId, key, requestId)),
                    false);
        }));
    }

    private void checkLimits(long payerId, WalletAccount payer, long amount) {
        if (amount > properties.maxTransfer()) {
            throw ApiException.unprocessable(
                    "The amount exceeds the per-transfer limit of " + properties.maxTransfer(),
                    Map.of("code", "limit_exceeded", "limit", "per_transfer", "max", properties.maxTransfer()));
        }
        if (amount > properties.verificationThreshold()
                && verifications.status(payerId) != VerificationStatus.VERIFIED) {
            throw ApiException.unprocessable(
                    "Transfers above " + properties.verificationThreshold() + " need a verified customer",
                    Map.of(
                            "code", "verification_required",
                            "threshold", properties.verificationThreshold(),
                            "verificationStatus", verifications.status(payerId).name()));
        }
        if (!accounts.addDailyUse(payer.id(), amount, properties.dailyLimit())) {
            long used = accounts.dailyUse(payer.id());
            throw ApiException.unprocessable(
                    "The amount exceeds the daily limit of " + properties.dailyLimit(),
                    Map.of(
                            "code",
                            "limit_exceeded",
                            "limit",
                            "per_day",
                            "max",
                            properties.dailyLimit(),
                            "usedToday",
                            used,
                            "remainingToday",
                            Math.max(0, properties.dailyLimit() - used)));
        }
    }

    private Outcome replay(long callerId, String key, byte[] fingerprint) {
        IdempotencyRepository.Stored stored =
                keys.stored(callerId, key).orElseThrow(() -> new IllegalStateException("claimed key vanished"));
        Long transferId = stored.transferId();
        if (!Arrays.equals(stored.requestHash(), fingerprint) || transferId == null) {
            throw ApiException.unprocessable(
                    "This Idempotency-Key was already used with a different request",
                    Map.of("code", "idempotency_key_reused"));
        }
        return new Outcome(ledger.transferById(transferId).orElseThrow(), true);
    }

    /** Exactly one of the two recipient fields; the email lower-cased (emails compare case-insensitively). */
    private static @Nullable String normalisedEmail(
            @Nullable String email, @Nullable Long id, String emailField, String idField) {
        boolean hasEmail = email != null && !email.isBlank();
        if (hasEmail == (id != null)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "Invalid request",
                    "Give exactly one of " + emailField + " and " + idField,
                    Map.of(emailField, "give exactly one of " + emailField + " and " + idField));
        }
        return hasEmail && email != null ? email.strip().toLowerCase(Locale.ROOT) : null;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
