package dev.emporium.supply;

import dev.emporium.wallet.SupplierLedger;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Payouts to suppliers. The money moves in the wallet ledger ({@link SupplierLedger#pay}: double
 * entry, idempotent by key); the {@code supplier_payouts} row is written inside that same
 * transaction, so one exists exactly when the other does. A replay answers the stored payout.
 */
@Service
class PayoutService {

    private final SupplierRepository suppliers;
    private final PayoutRepository payouts;
    private final SupplierLedger ledger;

    PayoutService(SupplierRepository suppliers, PayoutRepository payouts, SupplierLedger ledger) {
        this.suppliers = suppliers;
        this.payouts = payouts;
        this.ledger = ledger;
    }

    record Outcome(Payout payout, boolean replayed) {}

    Outcome pay(long adminId, long supplierId, NewPayout body, @Nullable String key, @Nullable String requestId) {
        Supplier supplier = suppliers.byId(supplierId).orElseThrow(() -> SupplierService.notFound(supplierId));
        SupplierLedger.Payment payment = ledger.pay(
                new SupplierLedger.PayoutOrder(
                        adminId, supplier.accountId(), body.amount(), body.reference(), key, requestId),
                transfer -> payouts.insert(
                        supplierId,
                        transfer.id(),
                        transfer.amount(),
                        transfer.reference(),
                        DeliveryQuery.utc(transfer.createdAt())));
        Payout payout = payouts.byTransfer(payment.transfer().id())
                .orElseThrow(() -> new IllegalStateException(
                        "transfer " + payment.transfer().id() + " has no payout row"));
        return new Outcome(payout, payment.replayed());
    }
}
