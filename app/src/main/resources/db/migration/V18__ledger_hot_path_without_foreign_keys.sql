-- The ledger's hot path without foreign keys (ADR 0020).
--
-- Each foreign key on a table the transfer statement writes ran one more lookup, with a row lock,
-- per written row: seven per transfer (three for the transfer, two for each entry, one when the
-- idempotency key took its transfer id). Measured with pgbench on the scale-1 data set, that was
-- about a fifth of PostgreSQL's work per transfer. What the keys guarded is kept by construction and
-- checked by the verification report instead:
--   * the transfer, its two entries and its audit row are written by one statement
--     (LedgerRepository.POST_MOVEMENT) from the two account rows that statement has just updated;
--   * transfers and entries are append-only (triggers in V5), and accounts and users are never deleted
--     by the application;
--   * the idempotency key is written with the id its transfer will have (IdempotencyRepository), in
--     the same transaction, so either both exist or neither;
--   * GET /api/v1/admin/wallet/verification reports the first entry whose transfer or account does
--     not exist, next to the balance and chain checks.
alter table wallet_transfers
    drop constraint wallet_transfers_from_account_id_fkey,
    drop constraint wallet_transfers_to_account_id_fkey,
    drop constraint wallet_transfers_initiated_by_fkey;
alter table wallet_entries
    drop constraint wallet_entries_transfer_id_fkey,
    drop constraint wallet_entries_account_id_fkey;
alter table wallet_idempotency_keys
    drop constraint wallet_idempotency_keys_transfer_id_fkey;
