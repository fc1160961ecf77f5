package dev.emporium.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ProductRepository {

    private static final String FIND_ACTIVE_BY_ID = "select " + ProductQuery.COLUMNS + """

              from products
             where id = :id
               and active
            """;

    private static final String FIND_BY_ID = "select " + ProductQuery.COLUMNS + """

              from products
             where id = :id
            """;

    private static final String INSERT = """
            insert into products (sku, name, brand, category_id, price, currency, stock, description, attributes)
            values (:sku, :name, :brand, :categoryId, :price, :currency, :stock, :description, cast(:attributes as jsonb))
            returning id
            """;

    /**
     * Fields left null keep their value; {@code updated_at} always moves. One statement reads the row
     * as it was (locked, so a concurrent move waits and then sees this one's result) and writes it,
     * so the old category it answers is the one this update replaced, never a stale read.
     */
    private static final String PATCH = """
            update products p
               set price       = coalesce(:price, p.price),
                   stock       = coalesce(:stock, p.stock),
                   name        = coalesce(:name, p.name),
                   category_id = coalesce(:categoryId, p.category_id),
                   active      = coalesce(:active, p.active),
                   updated_at  = now()
              from (select id, category_id, price, name, active
                      from products
                     where id = :id
                       for update) old
             where p.id = old.id
            returning old.category_id,
                      p.category_id,
                      (old.price, old.name, old.category_id, old.active)
                          is distinct from (p.price, p.name, p.category_id, p.active)
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProductRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One page plus one extra row, which tells whether another page follows. */
    List<Product> findPage(ProductFilter filter) {
        ProductQuery query = ProductQuery.page(filter);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query(ProductRowMapper.INSTANCE)
                .list();
    }

    /** Exact count up to {@link ProductQuery#EXACT_COUNT_CAP}, more than that means "large". */
    long countCapped(ProductFilter filter) {
        ProductQuery query = ProductQuery.cappedCount(filter);
        return jdbc.sql(query.sql()).params(query.params()).query(Long.class).single();
    }

    /** The planner's row estimate for the filter: costs no scan. */
    long estimateCount(ProductFilter filter) {
        ProductQuery query = ProductQuery.estimate(filter);
        String plan =
                jdbc.sql(query.sql()).params(query.params()).query(String.class).single();
        JsonNode root = json.readTree(plan);
        return root.get(0).get("Plan").get("Plan Rows").asLong();
    }

    Optional<Product> findActive(long id) {
        return jdbc.sql(FIND_ACTIVE_BY_ID)
                .param("id", id)
                .query(ProductRowMapper.INSTANCE)
                .optional();
    }

    Optional<Product> find(long id) {
        return jdbc.sql(FIND_BY_ID)
                .param("id", id)
                .query(ProductRowMapper.INSTANCE)
                .optional();
    }

    long insert(NewProduct product, String attributesJson) {
        return jdbc.sql(INSERT)
                .param("sku", product.sku())
                .param("name", product.name())
                .param("brand", product.brand())
                .param("categoryId", product.categoryId())
                .param("price", product.price())
                .param("currency", product.currency())
                .param("stock", product.stock())
                .param("description", product.description())
                .param("attributes", attributesJson)
                .query(Long.class)
                .single();
    }

    /**
     * What a patch changed for the caches.
     *
     * @param categoryBefore the category the update replaced
     * @param categoryAfter the category after it
     * @param listsAffected whether a field that lists show, filter or sort by changed
     */
    record Patched(long categoryBefore, long categoryAfter, boolean listsAffected) {}

    /** Applies the patch, or answers empty if there is no such product. */
    Optional<Patched> patch(long id, ProductPatch patch) {
        return jdbc.sql(PATCH)
                .param("id", id)
                .param("price", patch.price(), java.sql.Types.BIGINT)
                .param("stock", patch.stock(), java.sql.Types.INTEGER)
                .param("name", patch.name(), java.sql.Types.VARCHAR)
                .param("categoryId", patch.categoryId(), java.sql.Types.BIGINT)
                .param("active", patch.active(), java.sql.Types.BOOLEAN)
                .query((rs, n) -> new Patched(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
                .optional();
    }
}
