/**
 * The wallet: a double-entry ledger of customer wallets and the shop's system accounts, with
 * idempotent transfers, limits, know-your-customer checks and a tamper-evident audit trail.
 *
 * <h2>Public API for other features</h2>
 * <ul>
 *   <li>{@link dev.emporium.wallet.WalletService#chargeOrder(long, long, long)} — the orders feature
 *       debits a customer for an order <em>inside its own transaction</em> (propagation
 *       {@code MANDATORY}: calling it without one is an error), moving the amount to the
 *       {@code ORDER_REVENUE} account's shard {@code orderId mod emporium.wallet.revenue-shards} (ADR
 *       0017: no single revenue row for every checkout to queue on) with reference {@code order:ID}; an
 *       order can be charged once (a second charge violates a unique index and fails the caller's
 *       transaction). Insufficient funds → {@code ApiException} 422, which rolls the caller's transaction
 *       back. One statement (the wallet comes from the cache the checkout just read); the caller
 *       retries its whole transaction on a deadlock.</li>
 *   <li>{@link dev.emporium.wallet.WalletService#refundOrder(long, long, long)} — pays money back
 *       from the {@code REFUNDS} account, same transaction rules.</li>
 *   <li>{@link dev.emporium.wallet.WalletService#wallet(long)} — a customer's cached balance.</li>
 *   <li>{@link dev.emporium.wallet.IdempotencyKeys} — idempotency keys for other features' money and
 *       stock writes (orders), in the wallet's key table with its retention and purge.</li>
 *   <li>{@link dev.emporium.wallet.MoneyWriteRetry} — runs a whole money transaction again after a
 *       deadlock or serialization failure, bounded and counted (the platform's {@code TransactionRetry}
 *       with the wallet's attempts and metric).</li>
 *   <li>{@link dev.emporium.wallet.WalletBulkLoader} — the data generator opens wallets with opening
 *       deposits through the ledger.</li>
 *   <li>{@link dev.emporium.wallet.OrderPaymentBulkLoader} — the data generator posts generated order
 *       payments, refunds and top-ups through the ledger.</li>
 * </ul>
 * Customer transfer limits apply only to transfers between customers, never to purchases.
 *
 * <h2>Who it listens to</h2>
 * {@link dev.emporium.account.CustomerCreated}: every new customer gets a wallet in the transaction
 * that creates the customer. Customers that existed before the wallet arrived got theirs in the
 * migration; bulk-loaded ones from {@link dev.emporium.wallet.WalletBulkLoader}.
 *
 * <h2>Invariants</h2>
 * Every transfer has two entries summing to zero; entries and transfers are append-only (triggers);
 * a stored balance always equals the sum of its account's entries; customer balances never go below
 * zero (conditional updates); a money write is one transaction that also stores its idempotency key
 * and audit row; accounts are locked in id order. The rules and their reasons live in
 * {@link dev.emporium.wallet.LedgerPoster} (posting), {@link dev.emporium.wallet.TransferService}
 * (idempotency, limits), {@link dev.emporium.wallet.WalletCaches} (cache consistency) and
 * {@link dev.emporium.wallet.WalletAuditChain} (the hash chain).
 */
@NullMarked
package dev.emporium.wallet;

import org.jspecify.annotations.NullMarked;
