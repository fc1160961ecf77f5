package dev.emporium.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of one product list request, built from fixed fragments so every shape it can take is
 * enumerable: the EXPLAIN guard test walks all of them. Filters become predicates that lead an
 * index ({@code category_id = any}, {@code brand =}) or bound its range ({@code price between});
 * the ordering is always (sort key, id).
 *
 * <p>A page is a deferred join: the inner query finds the page's ids from an index alone (the list
 * indexes include the filter columns, see V3), and only the rows on the page are read from the
 * table. Without it, a filter that the chosen index does not lead with costs one heap fetch per
 * candidate row, hundreds of random reads for a large category on a cold cache.
 */
record ProductQuery(String sql, Map<String, Object> params) {

    static final String COLUMNS = """
            id, sku, name, brand, category_id, price, currency, stock, active, popularity,
            description, attributes::text as attributes, created_at, updated_at""";

    /** Upper bound of an exact count; beyond it the total is the planner's estimate. */
    static final int EXACT_COUNT_CAP = 10_000;

    static ProductQuery page(ProductFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = predicates(filter, params);
        if (filter.cursor() != null) {
            where.add(filter.sort().keysetPredicate());
            params.put("afterKey", filter.cursor().key());
            params.put("afterId", filter.cursor().id());
        }
        params.put("limit", filter.limit() + 1);
        params.put("offset", filter.offset());
        String sql =
                "select " + COLUMNS + "\n  from products\n  join (select id\n          from products\n         where "
                        + String.join("\n           and ", where) + "\n         order by "
                        + filter.sort().orderBy()
                        + "\n         limit :limit offset :offset) page using (id)\n order by "
                        + filter.sort().orderBy();
        return new ProductQuery(sql, params);
    }

    /** Counts matching rows but stops after {@link #EXACT_COUNT_CAP} + 1, so it never reads a large table. */
    static ProductQuery cappedCount(ProductFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = predicates(filter, params);
        params.put("cap", EXACT_COUNT_CAP + 1);
        String sql = "select count(*) from (select 1 from products where " + String.join(" and ", where)
                + " limit :cap) capped";
        return new ProductQuery(sql, params);
    }

    /** The same filter as a plain select, for the planner's row estimate. */
    static ProductQuery estimate(ProductFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = predicates(filter, params);
        return new ProductQuery(
                "explain (format json) select 1 from products where " + String.join(" and ", where), params);
    }

    /** Estimates can be off by a factor; twice the cap still leaves room to find small results exact. */
    static boolean worthCountingExactly(long estimatedRows) {
        return estimatedRows <= 2L * EXACT_COUNT_CAP;
    }

    private static List<String> predicates(ProductFilter filter, Map<String, Object> params) {
        List<String> where = new ArrayList<>();
        where.add("active");
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

    /** A PostgreSQL array literal; one text parameter keeps the statement shape independent of the id count. */
    private static String arrayLiteral(long[] ids) {
        StringBuilder literal = new StringBuilder(ids.length * 6).append('{');
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append(ids[i]);
        }
        return literal.append('}').toString();
    }
}
