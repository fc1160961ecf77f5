-- Daily sales follow the orders that changed, not the days they changed on (ADR 0022, amends 0018).
--
-- A checkout appends (order, +1) and a cancellation (order, -1) to this log in the statement that
-- writes the order (OrderRepository). A daily-sales round deletes every row it can see and, in the
-- same statement, adds each order's figures times its sign to its day's rows
-- (AnalyticsRepository.APPLY_CHANGES): a round costs what changed since the last one, however many
-- orders the day already has. Rows committed after the round's snapshot stay for the next round, so
-- every change is applied exactly once, whenever its transaction commits. No index: the round reads
-- the whole log, which holds one round's changes.
create table order_sales_changes (
    order_id  bigint   not null,
    sign      smallint not null check (sign in (-1, 1))
);

-- Only the days-changed-since query of V17 used it; every order insert and status change maintained it.
drop index orders_updated_idx;
