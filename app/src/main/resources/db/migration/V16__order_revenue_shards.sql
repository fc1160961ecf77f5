-- Order revenue in shards: every order payment used to credit the one ORDER_REVENUE account of its
-- currency, so every checkout queued for that row's lock from its ledger statement to its commit (the
-- WAL flush included): checkout could not run faster than one commit after another, whatever the
-- hardware (scripts/bench-orders.sh, README "Orders"). A payment now credits one of N revenue accounts
-- (shard = order id mod N, N = emporium.wallet.revenue-shards), so N checkouts commit side by side.
-- The shop's revenue is the sum of its shards; every other system kind keeps a single account (shard 0).
alter table wallet_accounts add column shard smallint not null default 0;
-- only revenue is sharded; every other account (customers, suppliers, the other system kinds) is shard 0
alter table wallet_accounts add constraint wallet_accounts_shard_check
    check (shard = 0 or (shard > 0 and kind = 'ORDER_REVENUE' and owner_id is null));
drop index wallet_accounts_system_idx;
create unique index wallet_accounts_system_idx on wallet_accounts (kind, currency, shard)
    where owner_id is null and kind <> 'SUPPLIER';
