package dev.emporium.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
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
                .query((rs, n) -> hit(rs, 1))
                .list();
    }

    private static SearchHit hit(ResultSet rs, int first) throws SQLException {
        return new SearchHit(
                rs.getLong(first),
                rs.getString(first + 1),
                rs.getString(first + 2),
                rs.getString(first + 3),
                rs.getLong(first + 4),
                rs.getLong(first + 5),
                rs.getString(first + 6),
                rs.getInt(first + 7),
                rs.getInt(first + 8),
                rs.getDouble(first + 9));
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

    List<FacetRow> facets(SearchFilter filter, int sample, SearchQuery.FacetSample which) {
        SearchQuery query = SearchQuery.facets(filter, sample, which);
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

    /** A broad match's page (plus one extra row) and facet rows, from one statement ({@link SearchQuery#sampledPage}). */
    record Sampled(List<SearchHit> hits, List<FacetRow> facets) {}

    Sampled sampledPage(SearchFilter filter, int rankWindow, int sample) {
        SearchQuery query = SearchQuery.sampledPage(filter, rankWindow, sample);
        List<SearchHit> hits = new ArrayList<>();
        List<FacetRow> facets = new ArrayList<>();
        jdbc.sql(query.sql()).params(query.params()).query(rs -> {
            if (rs.getInt(1) == 0) {
                hits.add(hit(rs, 2));
            } else {
                facets.add(new FacetRow(
                        rs.getInt(12),
                        rs.getString(5),
                        rs.getObject(6, Long.class),
                        rs.getObject(13, Integer.class),
                        rs.getLong(14)));
            }
        });
        return new Sampled(List.copyOf(hits), List.copyOf(facets));
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

    /** The planner's estimates of the match and of all active products: reads no rows. */
    record Estimate(long matches, long active) {

        /** True when the match is at least {@code share} of the active catalog. */
        boolean broad(double share) {
            return matches >= share * active;
        }
    }

    Estimate estimate(SearchFilter filter) {
        SearchQuery query = SearchQuery.estimate(filter);
        String plan =
                jdbc.sql(query.sql()).params(query.params()).query(String.class).single();
        JsonNode branches = json.readTree(plan).get(0).get("Plan").get("Plans");
        return new Estimate(
                branches.get(0).get("Plan Rows").asLong(),
                branches.get(1).get("Plan Rows").asLong());
    }
}
