-- pgbench script: the exact point read GET /api/v1/products/{id} runs, with a random id.
\set id random(1, :max_id)
select id, sku, name, brand, category_id, price, currency, stock, active, popularity,
       description, attributes::text as attributes, created_at, updated_at
  from products where id = :id and active;
