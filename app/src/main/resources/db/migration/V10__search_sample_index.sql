-- One walk for a broad search: the relevance window (the most popular matches) and, when the match
-- is broad, the facet sample (the 1,001 most popular matches) come from the same index-only walk, so
-- the index carries what facets count (brand, category, price band) next to the vector it tests.
-- Replaces V6_1's products_search_popularity_idx, whose key and vector it repeats.
create index products_search_sample_idx on products (popularity, id)
    include (search_vector, brand, category_id, price) where active;
drop index products_search_popularity_idx;
