/**
 * Supply: suppliers, the stock they deliver, what the shop pays them, and the reconciliation of the
 * two.
 *
 * <h2>What it owns</h2>
 * <ul>
 *   <li>Suppliers (admin CRUD; never deleted, only deactivated: their deliveries and ledger account
 *       are history). Each has a ledger account of kind {@code SUPPLIER}, opened with it through
 *       {@link dev.emporium.wallet.SupplierLedger}.</li>
 *   <li>Deliveries (supplier, product, quantity, unit cost, received at), one by one or as an
 *       all-or-nothing CSV import. A delivery adds its quantity to the product's stock in the same
 *       transaction through {@link dev.emporium.catalog.StockReceiving}, which announces a stock-only
 *       change: the caches drop that product's detail and no list page.</li>
 *   <li>Payouts: a {@code SUPPLIER_PAYOUT} transfer in the wallet ledger (double entry, idempotent by
 *       {@code Idempotency-Key} with the wallet's own key store) and, in the same transaction, a
 *       {@code supplier_payouts} row naming the supplier.</li>
 *   <li>The reconciliation: delivered value against paid value per supplier over a window, computed
 *       in one statement ({@link dev.emporium.supply.ReconciliationRepository}); only suppliers whose
 *       variance exceeds the threshold leave the database.</li>
 * </ul>
 *
 * <h2>Public API</h2>
 * {@link dev.emporium.supply.SupplyBulkLoader} for the data generator; everything else is HTTP.
 *
 * <h2>Invariants</h2>
 * A delivery exists exactly when its stock was added (one transaction); a payout row exists exactly
 * when its ledger transfer does (one transaction, unique transfer id); amounts are integers in minor
 * units of the supplier's currency, which is its ledger account's currency and never changes.
 */
@NullMarked
package dev.emporium.supply;

import org.jspecify.annotations.NullMarked;
