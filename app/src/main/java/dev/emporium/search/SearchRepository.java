package dev.emporium.search;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The product-side SQL of a search (shapes in {@link SearchQuery}). */
@Repository
class SearchRepository {

    private static final String PRODUCT_TEXT = """
            select name || ' ' || brand || ' ' || coalesce(description, '')
              from products
             where id = :id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SearchRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One page plus one extra row, which tells whether another page follows. */
    List<SearchHit> page(SearchFilter filter, int rankWindow) {
        SearchQuery query = SearchQuery.page(filter, rankWindow);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query((rs, n) -> new SearchHit(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getString(7),
                        rs.getInt(8),
                        rs.getInt(9),
                        rs.getDouble(10)))
                .list();
    }

    /**
     * One row per facet value of the sample, plus one (grouping {@code 7}) holding the sample's size.
     *
     * @param grouping which columns are rolled up: 3 = per brand, 5 = per category, 6 = per price band
     */
    record FacetRow(
            int grouping,
            @Nullable String brand,
            @Nullable Long categoryId,
            @Nullable Integer band,
            long count) {}

    List<FacetRow> facets(SearchFilter filter, int sample) {
        SearchQuery query = SearchQuery.facets(filter, sample);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query((rs, n) -> new FacetRow(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getObject(3, Long.class),
                        rs.getObject(4, Integer.class),
                        rs.getLong(5)))
                .list();
    }

    /**
     * The words a product is found by (name, brand, description), or null when no product has that id
     * (deleted since the event). Name and brand are not null columns, so a row never yields null.
     */
    @Nullable
    String productText(long id) {
        List<String> text = jdbc.sql(PRODUCT_TEXT)
                .param("id", id)
                .query((rs, n) -> rs.getString(1))
                .list();
        return text.isEmpty() ? null : text.getFirst();
    }

    /** The planner's estimate of the match size: reads no rows. */
    long estimate(SearchFilter filter) {
        SearchQuery query = SearchQuery.estimate(filter);
        String plan =
                jdbc.sql(query.sql()).params(query.params()).query(String.class).single();
        return json.readTree(plan).get(0).get("Plan").get("Plan Rows").asLong();
    }
}
