package dev.emporium.wallet;

/** A ledger account row without its balance: what a money write needs to route and lock. */
record WalletAccount(long id, Long ownerId, String kind, String currency) {

    static final String CUSTOMER = "CUSTOMER";
    static final String DEPOSITS = "DEPOSITS";
    static final String ORDER_REVENUE = "ORDER_REVENUE";
    static final String REFUNDS = "REFUNDS";
    static final String SUPPLIER = "SUPPLIER";
    static final String SUPPLIER_PAYOUTS = "SUPPLIER_PAYOUTS";

    boolean isCustomer() {
        return CUSTOMER.equals(kind);
    }
}
