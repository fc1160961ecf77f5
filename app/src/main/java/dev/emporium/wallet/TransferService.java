package dev.emporium.wallet;

import dev.emporium.account.Account;
import dev.emporium.account.AccountService;
import dev.emporium.platform.web.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * fingerprint and the id its transfer will have; the transfer is inserted with that id in the same
 * transaction. So a key exists exactly when its effect does, and:
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
 * A transfer to an account id is two statements and the commit: one claims the key and finds payer
 * and payee ({@link IdempotencyRepository#CLAIM_AND_FIND_BY_ACCOUNT}), one adds to today's use,
 * moves both balances and writes transfer, entries and audit row ({@link
 * LedgerRepository#POST_MOVEMENT}). A recipient named by email costs one more lookup, before the
 * transaction. The verification status is read from cache, and only for amounts above the
 * threshold. Locks (the payer's daily-use row, then both accounts in id order) are held from the
 * second statement to the commit.
 */
@Service
class TransferService {

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
            IdempotencyRepository keys,
            LedgerRepository ledger,
            LedgerPoster poster,
            SystemAccounts system,
            VerificationService verifications,
            AccountService users,
            WalletProperties properties,
            MoneyWriteRetry retry,
            PlatformTransactionManager transactionManager) {
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

    Outcome transfer(long payerId, WalletRequests.NewTransfer body, @Nullable String rawKey, String requestId) {
        String key = RequestFingerprint.requireKey(rawKey);
        long amount = Amounts.minorUnits("amount", body.amount());
        String email = normalisedEmail(body.toEmail(), body.toAccountId(), "toEmail", "toAccountId");
        Long toAccountId = body.toAccountId();
        String reference = blankToNull(body.reference());
        byte[] fingerprint = RequestFingerprint.of("transfer", email, toAccountId, amount, reference);
        Long recipientOwner = email == null ? null : ownerOf(email);
        return retry.run(() -> transactions.execute(tx -> {
            IdempotencyRepository.Claim claim = recipientOwner != null
                    ? keys.claimAndFindByOwner(payerId, key, fingerprint, recipientOwner)
                    : keys.claimAndFindByAccount(payerId, key, fingerprint, Objects.requireNonNull(toAccountId));
            if (!claim.claimed()) {
                return replay(payerId, key, fingerprint);
            }
            WalletAccount payer = claim.accounts().stream()
                    .filter(a -> Long.valueOf(payerId).equals(a.ownerId()))
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("You have no wallet"));
            WalletAccount payee = claim.accounts().stream()
                    .filter(a -> recipientOwner != null
                            ? recipientOwner.equals(a.ownerId())
                            : toAccountId != null && a.id() == toAccountId)
                    .filter(WalletAccount::isCustomer)
                    .findFirst()
                    .orElseThrow(() ->
                            ApiException.notFound("No customer wallet with that " + (email != null ? "email" : "id")));
            if (payee.id() == payer.id()) {
                throw ApiException.badRequest(email != null ? "toEmail" : "toAccountId", "must not be your own wallet");
            }
            checkLimits(payerId, amount);
            return new Outcome(
                    poster.post(new LedgerPoster.Movement(
                            TransferKind.TRANSFER,
                            payer,
                            payee,
                            amount,
                            reference,
                            payerId,
                            key,
                            claim.transferId(),
                            requestId,
                            properties.dailyLimit())),
                    false);
        }));
    }

    Outcome deposit(long adminId, WalletRequests.NewDeposit body, String key, String requestId) {
        RequestFingerprint.requireKey(key);
        long amount = Amounts.minorUnits("amount", body.amount());
        String email = normalisedEmail(body.email(), body.accountId(), "email", "accountId");
        Long accountId = body.accountId();
        String reference = blankToNull(body.reference());
        byte[] fingerprint = RequestFingerprint.of("deposit", email, accountId, amount, reference);
        Long owner = email == null ? null : ownerOf(email);
        return retry.run(() -> transactions.execute(tx -> {
            IdempotencyRepository.Claim claim = owner != null
                    ? keys.claimAndFindByOwner(adminId, key, fingerprint, owner)
                    : keys.claimAndFindByAccount(adminId, key, fingerprint, Objects.requireNonNull(accountId));
            if (!claim.claimed()) {
                return replay(adminId, key, fingerprint);
            }
            WalletAccount target = claim.accounts().stream()
                    .filter(a -> owner != null ? owner.equals(a.ownerId()) : accountId != null && a.id() == accountId)
                    .filter(WalletAccount::isCustomer)
                    .findFirst()
                    .orElseThrow(() ->
                            ApiException.notFound("No customer wallet with that " + (email != null ? "email" : "id")));
            WalletAccount cashIn = system.get(WalletAccount.DEPOSITS, target.currency());
            return new Outcome(
                    poster.post(new LedgerPoster.Movement(
                            TransferKind.DEPOSIT,
                            cashIn,
                            target,
                            amount,
                            reference,
                            adminId,
                            key,
                            claim.transferId(),
                            requestId)),
                    false);
        }));
    }

    /**
     * The id of the customer with this (normalised) email; 404 before anything is claimed when none.
     * Read before the transaction: users are never deleted and emails never change, so a replay
     * finds the same recipient.
     */
    private long ownerOf(String email) {
        return users.findByEmail(email)
                .map(Account::id)
                .orElseThrow(() -> ApiException.notFound("No customer wallet with that email"));
    }

    /** The limits that need no database: per transfer, and verification above the threshold. */
    private void checkLimits(long payerId, long amount) {
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
