package dev.emporium.wallet;

/** Why money moved. Customers see the kind in their history. */
public enum TransferKind {
    /** customer to customer */
    TRANSFER,
    /** cash-in by an admin, from the DEPOSITS system account */
    DEPOSIT,
    /** a customer pays an order, to ORDER_REVENUE */
    ORDER_PAYMENT,
    /** money back to a customer, from the REFUNDS system account */
    REFUND,
    /** the shop pays a supplier, from the SUPPLIER_PAYOUTS system account to the supplier's account */
    SUPPLIER_PAYOUT
}
