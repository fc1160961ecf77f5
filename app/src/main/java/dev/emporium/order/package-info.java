/**
 * Orders: a customer buys products with the money in their wallet.
 *
 * <h2>What it owns</h2>
 * {@code orders} and {@code order_lines}. Stock belongs to the catalog and money to the wallet: an
 * order changes them only through their public services ({@link dev.emporium.catalog.StockService},
 * {@link dev.emporium.wallet.WalletService}), inside its own transaction, because checkout needs their
 * answer (was there stock, was there money) before it can commit.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Placing an order is one transaction: the idempotency key is claimed, stock for every line is
 *       taken with a conditional update, the total is computed from the current prices, the order and
 *       its lines are written, the wallet is debited through the ledger, the key is completed. Any
 *       failure (409 stock, 422 money, 400 input) leaves nothing behind.</li>
 *   <li>Status moves {@code PLACED → SHIPPED} or {@code PLACED → CANCELLED} and never back, each by a
 *       conditional update of the order row, so two cancels, or a cancel and a ship, have one outcome.
 *       Cancelling puts the stock back and refunds the total through the ledger in that transaction.</li>
 *   <li>Every read costs a constant number of statements whatever the number of orders or lines
 *       (lines of a page come in one batched query), and every query shape is index-backed
 *       ({@code OrderQueryPlanTests}).</li>
 * </ul>
 *
 * <h2>Public API</h2>
 * {@link dev.emporium.order.OrderBulkLoader} for the data generator. Nothing else: other features
 * (fulfillment) refer to an order by its id only.
 */
@NullMarked
package dev.emporium.order;

import org.jspecify.annotations.NullMarked;
