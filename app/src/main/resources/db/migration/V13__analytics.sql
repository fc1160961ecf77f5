-- Analytics: the admin dashboard's figures as materialized views, refreshed concurrently off the
-- request path by one node at a time (platform/db MaterializedViewRefresher), and the record of
-- every view's last refresh that the refresher keeps for all nodes (view age, asOf of empty views).
--
-- Sales are the lines of orders that were not cancelled, in the order's currency; a day is a UTC
-- date of orders.created_at. Every row carries as_of = now() of the refresh that computed it.

-- One row per materialized view the refresher manages: when its content was last computed.
create table materialized_view_refreshes (
    view_name     text        primary key,
    refreshed_at  timestamptz not null
);

-- Daily sales by (day, category, currency). category_id 0 is the day's total over all categories:
-- an order with lines in two categories counts once there but once in each category's row, so the
-- total cannot be summed from the category rows by the reader.
create materialized view analytics_daily_sales as
select (o.created_at at time zone 'UTC')::date          as day,
       coalesce(p.category_id, 0)                       as category_id,
       o.currency                                       as currency,
       count(distinct o.id)                             as orders,
       sum(l.quantity)::bigint                          as units,
       sum(l.quantity::bigint * l.unit_price)::bigint   as revenue,
       now()                                            as as_of
  from orders o
  join order_lines l on l.order_id = o.id
  join products p on p.id = l.product_id
 where o.status <> 'CANCELLED'
 group by grouping sets (((o.created_at at time zone 'UTC')::date, p.category_id, o.currency),
                         ((o.created_at at time zone 'UTC')::date, o.currency))
with data;
-- the key (refresh ... concurrently needs a unique index over plain columns) and the read path:
-- one category (or 0) over a range of days
create unique index analytics_daily_sales_key on analytics_daily_sales (category_id, day, currency);

-- Per product and currency over the 30 days before the refresh: units, revenue, orders.
create materialized view analytics_product_sales_30d as
select l.product_id                                     as product_id,
       o.currency                                       as currency,
       p.sku                                            as sku,
       p.name                                           as name,
       p.category_id                                    as category_id,
       count(distinct o.id)                             as orders,
       sum(l.quantity)::bigint                          as units,
       sum(l.quantity::bigint * l.unit_price)::bigint   as revenue,
       now()                                            as as_of
  from orders o
  join order_lines l on l.order_id = o.id
  join products p on p.id = l.product_id
 where o.status <> 'CANCELLED'
   and o.created_at >= now() - interval '30 days'
 group by l.product_id, o.currency, p.sku, p.name, p.category_id
with data;
create unique index analytics_product_sales_30d_key on analytics_product_sales_30d (product_id, currency);
-- top products by units or by revenue: an index walk that stops after the limit
create index analytics_product_sales_30d_units_idx on analytics_product_sales_30d (units desc, product_id, currency);
create index analytics_product_sales_30d_revenue_idx on analytics_product_sales_30d (revenue desc, product_id, currency);

-- The dashboard's counters as (metric, k) rows: products (active), categories, customers,
-- orders_today and revenue_today (k = currency; orders not cancelled, since midnight UTC),
-- parcels (k = status), scans_last_hour.
create materialized view analytics_dashboard as
select 'products' as metric, '' as k, count(*)::bigint as value, now() as as_of
  from products
 where active
union all
select 'categories', '', count(*), now()
  from categories
union all
select 'customers', '', count(*), now()
  from users
 where role = 'CUSTOMER'
union all
select 'orders_today', currency, count(*), now()
  from orders
 where created_at >= date_trunc('day', now(), 'UTC')
   and status <> 'CANCELLED'
 group by currency
union all
select 'revenue_today', currency, sum(total)::bigint, now()
  from orders
 where created_at >= date_trunc('day', now(), 'UTC')
   and status <> 'CANCELLED'
 group by currency
union all
select 'parcels', status, count(*), now()
  from parcels
 group by status
union all
select 'scans_last_hour', '', count(*), now()
  from scan_events
 where scanned_at >= now() - interval '1 hour'
with data;
create unique index analytics_dashboard_key on analytics_dashboard (metric, k);

-- the customer count walks an index rather than the users heap
create index if not exists users_role_idx on users (role);

insert into materialized_view_refreshes (view_name, refreshed_at)
values ('fulfillment_stats', now()),
       ('analytics_daily_sales', now()),
       ('analytics_product_sales_30d', now()),
       ('analytics_dashboard', now());
