-- Product search: full-text over a weighted tsvector, a term lexicon for suggestions and spelling
-- correction (pg_trgm), and query statistics flushed in batches from memory.
create extension if not exists pg_trgm;

-- name > brand > description. 'english' stems ("headphones" finds "headphone") and drops stop words.
-- A stored generated column: every write path, COPY included, maintains it without a trigger.
alter table products add column search_vector tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, name), 'A')
    || setweight(to_tsvector('english'::regconfig, brand), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')) stored;

-- Matches for any query; the ordering (popularity, price, id) comes from the list indexes of V1/V3.
create index products_search_idx on products using gin (search_vector) where active;

-- Distinct lower-case words of active product names and brands with the number of products that
-- carry them: a few thousand rows even at a million products, so prefix completion and the nearest
-- spelling by trigram distance stay small lookups however large the catalog grows.
create table search_terms (
    term    text   primary key,
    weight  bigint not null check (weight >= 0)
);
create index search_terms_prefix_idx on search_terms (term collate "C", weight);
create index search_terms_trgm_idx on search_terms using gist (term gist_trgm_ops);

insert into search_terms (term, weight)
select word, count(*)
  from products,
       regexp_split_to_table(lower(name || ' ' || brand), '[^[:alnum:]]+') as word
 where active
   and length(word) between 2 and 40
   and word !~ '^[0-9]+$'
 group by word;

-- Normalised queries counted in memory and added here in batches, per hour.
create table search_query_stats (
    bucket_start  timestamptz not null,
    query         text        not null,
    searches      bigint      not null check (searches >= 0),
    zero_results  bigint      not null check (zero_results >= 0),
    primary key (bucket_start, query)
);
