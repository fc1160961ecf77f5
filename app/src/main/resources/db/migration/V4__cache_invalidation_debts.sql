-- Whole-cache invalidations that a node could not deliver to Redis (see TieredCache's Javadoc).
-- One row per cache name at most; "since" moves forward on every new debt, so settling a debt
-- deletes the row only if no newer one arrived meanwhile. Any node that reaches Redis settles it.
create sequence cache_invalidation_debt_seq;

create table cache_invalidation_debts (
    cache      text primary key,
    since      bigint not null,
    created_at timestamptz not null default now()
);
