package dev.emporium.wallet;

import dev.emporium.account.CustomerCreated;
import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.PageResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The wallet's public API for other features, and the reads behind the customer endpoints.
 *
 * <p>For the orders feature: {@link #chargeOrder} and {@link #refundOrder} post inside the
 * caller's transaction (they refuse to run without one), so an order and its payment commit or roll
 * back together. They throw {@link ApiException} 422 on insufficient funds, which rolls the
 * caller's transaction back. They do not retry: on a deadlock the caller retries its whole
 * transaction. Customer transfer limits do not apply to purchases.
 */
@Service
public class WalletService {

    /** History totals are exact up to this many entries; beyond it the bound is reported with {@code totalExact: false}. */
    static final int EXACT_COUNT_CAP = 10_000;

    private final WalletAccountRepository accounts;
    private final LedgerRepository ledger;
    private final LedgerPoster poster;
    private final SystemAccounts system;
    private final WalletCaches caches;
    private final VerificationService verifications;
    private final WalletProperties properties;

    WalletService(
            WalletAccountRepository accounts,
            LedgerRepository ledger,
            LedgerPoster poster,
            SystemAccounts system,
            WalletCaches caches,
            VerificationService verifications,
            WalletProperties properties) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.poster = poster;
        this.system = system;
        this.caches = caches;
        this.verifications = verifications;
        this.properties = properties;
    }

    /** Every new customer gets a wallet, in the transaction that creates the customer. */
    @EventListener
    void customerCreated(CustomerCreated event) {
        accounts.openCustomerWallet(event.userId(), properties.currency());
    }

    /** The customer's wallet, through the cache; 404 when the user has none (admins). */
    public Wallet wallet(long ownerId) {
        return java.util.Objects.requireNonNull(
                walletLookup(ownerId).value(), "walletLookup answers 404 rather than null");
    }

    TieredCache.Lookup<Wallet> walletLookup(long ownerId) {
        TieredCache.Lookup<Wallet> lookup =
                caches.balance(ownerId, () -> accounts.walletByOwner(ownerId).orElse(null));
        if (lookup.value() == null) {
            throw ApiException.notFound("You have no wallet");
        }
        return lookup;
    }

    /**
     * Debits the customer for an order, to the order-revenue account's shard for this order ({@link
     * SystemAccounts#revenue}: concurrent checkouts do not queue for one revenue row); reference
     * {@code order:ID}, once per order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Transfer chargeOrder(long customerId, long orderId, long amount) {
        // the checkout has just read the wallet through the cache: no second lookup of the same row
        Wallet wallet = wallet(customerId);
        WalletAccount payer =
                new WalletAccount(wallet.accountId(), customerId, WalletAccount.CUSTOMER, wallet.currency());
        WalletAccount revenue = system.revenue(payer.currency(), orderId);
        return poster.post(new LedgerPoster.Movement(
                TransferKind.ORDER_PAYMENT,
                payer,
                revenue,
                positive(amount),
                "order:" + orderId,
                customerId,
                null,
                null,
                null));
    }

    /** Pays money back to the customer from the refunds account; reference {@code refund:order:ID}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Transfer refundOrder(long customerId, long orderId, long amount) {
        WalletAccount customer = customerAccount(customerId);
        WalletAccount refunds = system.get(WalletAccount.REFUNDS, customer.currency());
        return poster.post(new LedgerPoster.Movement(
                TransferKind.REFUND,
                refunds,
                customer,
                positive(amount),
                "refund:order:" + orderId,
                customerId,
                null,
                null,
                null));
    }

    PageResponse<LedgerEntry> history(long ownerId, int limit, String cursor) {
        long accountId = wallet(ownerId).accountId();
        long beforeId = cursor == null ? Long.MAX_VALUE : parseCursor(cursor);
        List<LedgerEntry> items = ledger.historyBefore(accountId, beforeId, limit + 1);
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            next = Long.toString(items.getLast().id());
        }
        long counted = ledger.countEntriesCapped(accountId, EXACT_COUNT_CAP);
        boolean exact = counted <= EXACT_COUNT_CAP;
        return new PageResponse<>(List.copyOf(items), limit, 0, Math.min(counted, EXACT_COUNT_CAP), exact, next);
    }

    /** A transfer the caller's wallet took part in; 404 for any other, existing or not. */
    Transfer transfer(long ownerId, long transferId) {
        long accountId = wallet(ownerId).accountId();
        return ledger.transferById(transferId)
                .filter(t -> t.fromAccountId() == accountId || t.toAccountId() == accountId)
                .orElseThrow(() -> ApiException.notFound("No transfer with id " + transferId));
    }

    WalletLimits limits(long ownerId) {
        Wallet wallet = wallet(ownerId);
        long used = accounts.dailyUse(wallet.accountId());
        return new WalletLimits(
                wallet.currency(),
                properties.maxTransfer(),
                properties.dailyLimit(),
                used,
                Math.max(0, properties.dailyLimit() - used),
                properties.verificationThreshold(),
                verifications.status(ownerId),
                LocalDate.now(ZoneOffset.UTC));
    }

    private WalletAccount customerAccount(long customerId) {
        return accounts.accountByOwner(customerId)
                .filter(WalletAccount::isCustomer)
                .orElseThrow(() -> ApiException.notFound("Customer " + customerId + " has no wallet"));
    }

    private static long positive(long amount) {
        if (amount <= 0 || amount > Amounts.MAX) {
            throw new IllegalArgumentException("amount must be between 1 and " + Amounts.MAX + ", was " + amount);
        }
        return amount;
    }

    private static long parseCursor(String cursor) {
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest("cursor", "must be a cursor returned by a previous page");
    }
}
