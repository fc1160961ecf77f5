package dev.emporium.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of one search, built from fixed fragments so every shape is enumerable for the EXPLAIN
 * guard ({@code SearchQueryPlanTests}).
 *
 * <h2>Matching</h2>
 * {@code search_vector @@ websearch_to_tsquery('english', :text)}: the GIN index {@code
 * products_search_idx} finds the matches; {@code websearch_to_tsquery} accepts any input (quotes,
 * {@code or}, {@code -word}) and never raises a syntax error.
 *
 * <h2>Relevance</h2>
 * {@code score = ts_rank({0.05, 0.1, 0.4, 1.0}, search_vector, query) * (1 + 0.1 * ln(1 + popularity))}:
 * a word in the name (weight A) counts ten times a word in the description (C), brand (B) between;
 * popularity multiplies by at most about 2.4 (at a million sales), so it orders equally good matches
 * without lifting a description match over a name match. Computing a score reads each match's
 * vector, so relevance ranks the {@code rankWindow} most popular matches (found by the popularity
 * index for a broad query, by the GIN index and a top-N sort for a narrow one): a broad query costs
 * a bounded amount of work, and its deeper relevance pages end there — {@code sort=popularity}
 * continues without limit. The window is first looked for among the products at least {@link
 * #POPULAR_TIER} popular, a prefix of the popularity order with its own GIN index: when at least
 * {@code rankWindow} of them match, they are the window, and the whole catalog is never read (a gated
 * branch of the same statement reads it otherwise). For a match of a few thousand products that is a
 * GIN lookup among a fifth of the rows instead of a walk past tens of thousands of non-matches.
 *
 * <h2>Other orderings</h2>
 * The page's ids come from the catalog's list indexes (sort key, id) with the match as a filter,
 * deferred-joined to the rows, exactly as product lists do; the score is computed for the page only.
 */
record SearchQuery(String sql, Map<String, Object> params) {

    static final String HIT_COLUMNS =
            "p.id, p.sku, p.name, p.brand, p.category_id, p.price, p.currency, p.stock, p.popularity";

    private static final String MATCH = "search_vector @@ websearch_to_tsquery('english', :text)";
    private static final String SCORE = "(ts_rank('{0.05, 0.1, 0.4, 1.0}', %1$ssearch_vector, "
            + "websearch_to_tsquery('english', :text))::float8 * (1 + 0.1 * ln(1 + %1$spopularity)))";

    /**
     * Products at least this popular have their own full-text index ({@code products_search_popular_idx},
     * V21, whose predicate a test keeps equal to this); they are a prefix of the popularity order.
     */
    static final int POPULAR_TIER = 30;

    /** Price band edges in minor units: [0, 10.00), [10.00, 25.00), … [250.00, ∞). */
    static final long[] PRICE_EDGES = {1_000, 2_500, 5_000, 10_000, 25_000};

    static String score(String alias) {
        return SCORE.formatted(alias);
    }

    static SearchQuery page(SearchFilter filter, int rankWindow) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = predicates(filter, params);
        params.put("limit", filter.limit() + 1);
        params.put("offset", filter.offset());
        if (filter.sort() == SearchSort.RELEVANCE) {
            params.put("window", rankWindow);
            String keyset = "";
            if (filter.cursor() != null) {
                keyset = "\n where (w.score, w.id) < (:afterScore, :afterId)";
                params.put("afterScore", filter.cursor().score());
                params.put("afterId", filter.cursor().id());
            }
            String matches = String.join("\n       and ", where);
            String sql = "with tier as materialized (\n    select id, popularity, search_vector\n      from products"
                    + "\n     where " + matches + "\n       and popularity >= " + POPULAR_TIER
                    + "\n     order by popularity desc, id desc\n     limit :window),"
                    + "\nranked as (\n    select id, popularity, search_vector\n      from tier"
                    + "\n     where (select count(*) from tier) >= :window\n    union all"
                    + "\n    select id, popularity, search_vector\n      from (select id, popularity, search_vector"
                    + "\n              from products\n             where " + matches.replace("\n", "\n        ")
                    + "\n             order by popularity desc, id desc\n             limit :window) whole"
                    + "\n     where (select count(*) from tier) < :window)"
                    + "\nselect " + HIT_COLUMNS + ", w.score\n  from (select m.id, " + score("m.")
                    + " as score\n          from ranked m) w\n  join products p on p.id = w.id" + keyset
                    + "\n order by w.score desc, w.id desc\n limit :limit offset :offset";
            return new SearchQuery(sql, params);
        }
        if (filter.cursor() != null) {
            where.add(filter.sort().keysetPredicate());
            params.put("afterKey", filter.cursor().key());
            params.put("afterId", filter.cursor().id());
        }
        String sql = "select " + HIT_COLUMNS + ", " + score("p.") + " as score\n  from products p\n"
                + "  join (select id\n          from products\n         where "
                + String.join("\n           and ", where)
                + "\n         order by " + filter.sort().orderBy("") + "\n         limit :limit offset :offset) page"
                + " on page.id = p.id\n order by " + filter.sort().orderBy("p.");
        return new SearchQuery(sql, params);
    }

    /** Which matches a facet statement counts (at most {@code sample} + 1 of them). */
    enum FacetSample {
        /** The first matches in the plan's order (a GIN bitmap: physical order). */
        FIRST,
        /** The most popular matches: the walk of {@link #sampledPage}, for a broad match. */
        MOST_POPULAR,
        /**
         * The matches among products at least {@link #POPULAR_TIER} popular (their own GIN index), when at
         * least {@code sample / 4} of them match; otherwise {@link #FIRST}, in a gated branch of the same
         * statement. For a match known to be larger than the sample, whose counts are estimates anyway.
         */
        POPULAR_TIER
    }

    /**
     * Facet counts over {@code sample} + 1 matches, in one statement: counts per brand, per category,
     * per price band, and the sample's size (grouping set {@code ()}). When the size is at most {@code
     * sample}, every match was counted and the figures are exact. Which matches: {@link FacetSample}.
     */
    static SearchQuery facets(SearchFilter filter, int sample, FacetSample which) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = predicates(filter, params);
        params.put("sample", sample + 1);
        params.put("edges", arrayLiteral(PRICE_EDGES));
        String columns = "brand, category_id, width_bucket(price, cast(:edges as bigint[])) as band";
        String matches = String.join("\n           and ", where);
        String counted;
        if (which == FacetSample.POPULAR_TIER) {
            params.put("tierSample", Math.max(1, sample / 4));
            counted = "(with tier as materialized (\n            select " + columns + "\n              from products"
                    + "\n             where " + matches.replace("\n", "\n    ") + "\n               and popularity >= "
                    + POPULAR_TIER + "\n             limit :sample)\n        select brand, category_id, band"
                    + "\n          from tier\n         where (select count(*) from tier) >= :tierSample"
                    + "\n        union all\n        select brand, category_id, band\n          from (select " + columns
                    + "\n                  from products\n                 where "
                    + matches.replace("\n", "\n          ")
                    + "\n                 limit :sample) whole\n         where (select count(*) from tier) < :tierSample)";
        } else {
            counted = "(select " + columns + "\n          from products\n         where " + matches
                    + (which == FacetSample.MOST_POPULAR ? "\n         order by popularity desc, id desc" : "")
                    + "\n         limit :sample)";
        }
        String sql = "select grouping(s.brand, s.category_id, s.band) as g, s.brand, s.category_id, s.band,"
                + " count(*) as n\n  from " + counted
                + " s\n group by grouping sets ((s.brand), (s.category_id), (s.band), ())";
        return new SearchQuery(sql, params);
    }

    /**
     * A broad match's relevance page and facets in one statement, from one walk: the {@code max(sample
     * + 1, rankWindow)} most popular matches (index-only on {@code products_search_sample_idx}, V10);
     * the first {@code rankWindow} of them are scored for the page exactly as {@link #page} does, the
     * first {@code sample} + 1 are counted as {@link #facets} does. Rows with {@code kind} 0 are the page
     * ({@link #HIT_COLUMNS}, score), best first; rows with {@code kind} 1 are facet rows (grouping,
     * brand, category, band, count).
     */
    static SearchQuery sampledPage(SearchFilter filter, int rankWindow, int sample) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = predicates(filter, params);
        params.put("walk", Math.max(sample + 1, rankWindow));
        params.put("window", rankWindow);
        params.put("sample", sample + 1);
        params.put("edges", arrayLiteral(PRICE_EDGES));
        params.put("limit", filter.limit() + 1);
        params.put("offset", filter.offset());
        String keyset = "";
        if (filter.cursor() != null) {
            keyset = "\n     where (w.score, w.id) < (:afterScore, :afterId)";
            params.put("afterScore", filter.cursor().score());
            params.put("afterId", filter.cursor().id());
        }
        String sql = "with walk as materialized (\n    select id, popularity, search_vector, brand, category_id, price"
                + "\n      from products\n     where " + String.join("\n       and ", where)
                + "\n     order by popularity desc, id desc\n     limit :walk),"
                + "\npage as (\n    select w.id, w.score\n      from (select s.id, " + score("s.") + " as score"
                + "\n              from walk s\n             order by s.popularity desc, s.id desc"
                + "\n             limit :window) w" + keyset
                + "\n     order by w.score desc, w.id desc\n     limit :limit offset :offset),"
                + "\nfacet as (\n    select grouping(b.brand, b.category_id, b.band) as g, b.brand, b.category_id,"
                + " b.band, count(*) as n\n      from (select brand, category_id,"
                + " width_bucket(price, cast(:edges as bigint[])) as band\n              from walk"
                + "\n             order by popularity desc, id desc\n             limit :sample) b"
                + "\n     group by grouping sets ((b.brand), (b.category_id), (b.band), ()))"
                + "\nselect 0 as kind, " + HIT_COLUMNS + ", page.score, null::int as g, null::int as band,"
                + " null::bigint as n\n  from page\n  join products p on p.id = page.id"
                + "\nunion all\nselect 1, null, null, null, f.brand, f.category_id, null, null, null, null, null,"
                + " f.g, f.band, f.n\n  from facet f\n order by 1, 11 desc, 2 desc";
        return new SearchQuery(sql, params);
    }

    /**
     * The planner's row estimates (EXPLAIN, no rows read) of the match and, beside it, of all active
     * products: the first gives totals beyond the sample, their ratio says whether the match is broad.
     */
    static SearchQuery estimate(SearchFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = predicates(filter, params);
        return new SearchQuery(
                "explain (format json) select 1 from products where " + String.join(" and ", where)
                        + " union all select 1 from products where active",
                params);
    }

    private static List<String> predicates(SearchFilter filter, Map<String, Object> params) {
        List<String> where = new ArrayList<>();
        where.add("active");
        where.add(MATCH);
        params.put("text", filter.text());
        if (filter.categoryIds() != null) {
            where.add("category_id = any(cast(:categoryIds as bigint[]))");
            params.put("categoryIds", arrayLiteral(filter.categoryIds()));
        }
        if (filter.brand() != null) {
            where.add("brand = :brand");
            params.put("brand", filter.brand());
        }
        if (filter.minPrice() != null) {
            where.add("price >= :minPrice");
            params.put("minPrice", filter.minPrice());
        }
        if (filter.maxPrice() != null) {
            where.add("price <= :maxPrice");
            params.put("maxPrice", filter.maxPrice());
        }
        return where;
    }

    private static String arrayLiteral(long[] ids) {
        StringBuilder literal = new StringBuilder(ids.length * 6).append('{');
        for (int i = 0; i < ids.length; i++) {
            literal.append(i == 0 ? "" : ",").append(ids[i]);
        }
        return literal.append('}').toString();
    }
}
