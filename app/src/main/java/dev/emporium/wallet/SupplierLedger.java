package dev.emporium.wallet;

import dev.emporium.platform.web.ApiException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Suppliers' side of the ledger, for the supply feature: a {@code SUPPLIER} account per supplier, and
 * payouts to it from the {@code SUPPLIER_PAYOUTS} system account (the shop's money leaving to
 * suppliers, which may go below zero like {@code DEPOSITS} and {@code REFUNDS}).
 *
 * <p>A payout is a money write with the same rules as a deposit (see {@link TransferService}): one
 * transaction, retried on deadlock, whose first statement claims the caller's {@code Idempotency-Key}
 * in {@code wallet_idempotency_keys} with the id its transfer will then be posted under; same key and same request
 * replays the stored transfer, same key and a different request is a 422. The caller's
 * {@code sameTransaction} step runs inside that transaction right after the posting (the supply
 * feature records its payout row there), so the ledger and the caller's record commit or roll back
 * together; on a replay it does not run.
 */
@Service
public class SupplierLedger {

    private final SupplierAccountRepository accounts;
    private final IdempotencyRepository keys;
    private final LedgerRepository ledger;
    private final LedgerPoster poster;
    private final SystemAccounts system;
    private final MoneyWriteRetry retry;
    private final WalletProperties properties;
    private final TransactionTemplate transactions;

    SupplierLedger(
            SupplierAccountRepository accounts,
            IdempotencyRepository keys,
            LedgerRepository ledger,
            LedgerPoster poster,
            SystemAccounts system,
            MoneyWriteRetry retry,
            WalletProperties properties,
            PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.keys = keys;
        this.ledger = ledger;
        this.poster = poster;
        this.system = system;
        this.retry = retry;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * What to pay: {@code amount} in minor units (a JSON number, validated as the wallet validates
     * every amount), to the supplier account {@code accountId}, on behalf of {@code actorId}, whose
     * scope the idempotency key lives in. {@code key} and {@code requestId} are the raw headers.
     */
    public record PayoutOrder(
            long actorId,
            long accountId,
            BigDecimal amount,
            @Nullable String reference,
            @Nullable String key,
            @Nullable String requestId) {}

    /** The ledger transfer of a payout, and whether it is a replay of an earlier request with the same key. */
    public record Payment(Transfer transfer, boolean replayed) {}

    /** The currency a supplier gets when none is named: the wallet's. */
    public String defaultCurrency() {
        return properties.currency();
    }

    /** Opens the ledger account of a new supplier inside the caller's transaction; answers its id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long openAccount(String currency) {
        system.ensure(currency);
        return accounts.open(currency);
    }

    /** Pays a supplier; see the class comment for the transaction and idempotency rules. */
    public Payment pay(PayoutOrder order, Consumer<Transfer> sameTransaction) {
        String key = RequestFingerprint.requireKey(order.key() == null ? "" : order.key());
        long amount = Amounts.minorUnits("amount", order.amount());
        String reference = order.reference() == null || order.reference().isBlank()
                ? null
                : order.reference().strip();
        String requestId = RequestFingerprint.requestId(order.requestId() == null ? "" : order.requestId());
        byte[] fingerprint = RequestFingerprint.of("supplier-payout", order.accountId(), amount, reference);
        Payment payment = retry.run(() -> transactions.execute(tx -> {
            OptionalLong transferId = keys.claimForTransfer(order.actorId(), key, fingerprint);
            if (transferId.isEmpty()) {
                return replay(order.actorId(), key, fingerprint);
            }
            WalletAccount supplier = accounts.supplierAccount(order.accountId())
                    .orElseThrow(() -> ApiException.notFound("No supplier account " + order.accountId()));
            WalletAccount source = system.get(WalletAccount.SUPPLIER_PAYOUTS, supplier.currency());
            Transfer transfer = poster.post(new LedgerPoster.Movement(
                    TransferKind.SUPPLIER_PAYOUT,
                    source,
                    supplier,
                    amount,
                    reference,
                    order.actorId(),
                    key,
                    transferId.getAsLong(),
                    requestId));
            sameTransaction.accept(transfer);
            return new Payment(transfer, false);
        }));
        return java.util.Objects.requireNonNull(payment, "the transaction callback always answers");
    }

    private Payment replay(long callerId, String key, byte[] fingerprint) {
        IdempotencyRepository.Stored stored =
                keys.stored(callerId, key).orElseThrow(() -> new IllegalStateException("claimed key vanished"));
        Long transferId = stored.transferId();
        if (!Arrays.equals(stored.requestHash(), fingerprint) || transferId == null) {
            throw ApiException.unprocessable(
                    "This Idempotency-Key was already used with a different request",
                    Map.of("code", "idempotency_key_reused"));
        }
        return new Payment(ledger.transferById(transferId).orElseThrow(), true);
    }
}
