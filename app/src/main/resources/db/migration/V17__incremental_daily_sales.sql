-- Daily sales kept up to date incrementally (ADR 0018). As a materialized view (V13) every refresh
-- recomputed the whole order history and, because every row carried as_of = now(), rewrote every row:
-- at scale 1 (2,000,000 orders, 6,000,000 lines, 558,508 rows) one concurrent refresh took 15.5 s of a
-- 60 s interval, a quarter of the machine spent on the dashboard whatever the traffic. Now a table of
-- the same shape and key: each round finds the days of orders created, cancelled or shipped since the
-- previous round (orders_updated_idx), recomputes those days and writes only the rows whose figures
-- changed, in one transaction (analytics AnalyticsRepository). The answer's asOf comes from materialized_view_refreshes.
drop materialized view analytics_daily_sales;

create table analytics_daily_sales (
    category_id  bigint not null,
    day          date   not null,
    currency     text   not null,
    orders       bigint not null,
    units        bigint not null,
    revenue      bigint not null,
    -- the read path: one category (or 0, every category) over a range of days
    constraint analytics_daily_sales_key primary key (category_id, day, currency)
);
-- a round deletes the rows a recomputed day no longer has
create index analytics_daily_sales_day_idx on analytics_daily_sales (day);

-- which orders changed since a round: created (updated_at = created_at), cancelled or shipped
create index orders_updated_idx on orders (updated_at);

-- A category's rows now cover its subtree (a sale counts in its product's category and every category
-- above it; products sit in leaf categories, so a parent category used to answer no sales at all);
-- category 0 is still the day over every category.
with recursive lineage (category_id, ancestor_id) as (
        select id, id from categories
        union all
        select lineage.category_id, c.parent_id
          from lineage
          join categories c on c.id = lineage.ancestor_id
         where c.parent_id is not null),
sold as materialized (
        select (o.created_at at time zone 'UTC')::date as day, o.id as order_id, o.currency,
               l.quantity, l.unit_price, p.category_id
          from orders o
          join order_lines l on l.order_id = o.id
          join products p on p.id = l.product_id
         where o.status <> 'CANCELLED')
insert into analytics_daily_sales (category_id, day, currency, orders, units, revenue)
select a.ancestor_id, s.day, s.currency, count(distinct s.order_id),
       sum(s.quantity)::bigint, sum(s.quantity::bigint * s.unit_price)::bigint
  from sold s
  join lineage a on a.category_id = s.category_id
 group by a.ancestor_id, s.day, s.currency
union all
select 0, s.day, s.currency, count(distinct s.order_id),
       sum(s.quantity)::bigint, sum(s.quantity::bigint * s.unit_price)::bigint
  from sold s
 group by s.day, s.currency;

update materialized_view_refreshes set refreshed_at = now() where view_name = 'analytics_daily_sales';

-- The 30-day product sales stay a materialized view, without the per-row as_of: with it, every row
-- differed from the previous refresh, so a concurrent refresh deleted and re-inserted all of them
-- (281,556 rows at scale 1, 4.6 s); now it writes only the rows whose figures changed. asOf comes
-- from materialized_view_refreshes.
drop materialized view analytics_product_sales_30d;
create materialized view analytics_product_sales_30d as
select l.product_id                                     as product_id,
       o.currency                                       as currency,
       p.sku                                            as sku,
       p.name                                           as name,
       p.category_id                                    as category_id,
       count(distinct o.id)                             as orders,
       sum(l.quantity)::bigint                          as units,
       sum(l.quantity::bigint * l.unit_price)::bigint   as revenue
  from orders o
  join order_lines l on l.order_id = o.id
  join products p on p.id = l.product_id
 where o.status <> 'CANCELLED'
   and o.created_at >= now() - interval '30 days'
 group by l.product_id, o.currency, p.sku, p.name, p.category_id
with data;
create unique index analytics_product_sales_30d_key on analytics_product_sales_30d (product_id, currency);
create index analytics_product_sales_30d_units_idx on analytics_product_sales_30d (units desc, product_id, currency);
create index analytics_product_sales_30d_revenue_idx on analytics_product_sales_30d (revenue desc, product_id, currency);
update materialized_view_refreshes set refreshed_at = now() where view_name = 'analytics_product_sales_30d';
