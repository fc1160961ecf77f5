-- A checkout no longer takes a lock on a product to check a foreign key (ADR 0021).
--
-- The key from order_lines to products ran a lookup with a FOR KEY SHARE lock on every ordered
-- product, from every checkout. A checkout now writes its lines before it takes the stock, so with the
-- key every concurrent buyer of a popular product would share-lock that row and PostgreSQL would
-- record the lockers as a multixact on the hottest rows of the shop. What the key guarded holds by
-- construction: a line is written only in the transaction that then takes the stock of its product
-- with a conditional update of that very row (StockRepository.TAKE), which fails the checkout if the
-- product is missing or inactive; the application never deletes products (it deactivates them).
alter table order_lines drop constraint order_lines_product_id_fkey;
