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

    /** Fields left null keep their value; {@code updated_at} always moves. */
    private static final String PATCH = """
            update products
               set price       = coalesce(:price, price),
                   stock       = coalesce(:stock, stock),
                   name        = coalesce(:name, name),
                   category_id = coalesce(:categoryId, category_id),
                   active      = coalesce(:active, active),
                   updated_at  = now()
             where id = :id
            returning category_id
            """;

    private static final String CATEGORY_OF = """
            select category_id
              from products
             where id = :id
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

    Optional<Long> categoryOf(long id) {
        return jdbc.sql(CATEGORY_OF).param("id", id).query(Long.class).optional();
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

    /** Applies the patch and returns the product's category after it, or empty if there is no such product. */
    Optional<Long> patch(long id, ProductPatch patch) {
        return jdbc.sql(PATCH)
                .param("id", id)
                .param("price", patch.price(), java.sql.Types.BIGINT)
                .param("stock", patch.stock(), java.sql.Types.INTEGER)
                .param("name", patch.name(), java.sql.Types.VARCHAR)
                .param("categoryId", patch.categoryId(), java.sql.Types.BIGINT)
                .param("active", patch.active(), java.sql.Types.BOOLEAN)
                .query(Long.class)
                .optional();
    }
}
