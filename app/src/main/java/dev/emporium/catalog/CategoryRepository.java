package dev.emporium.catalog;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CategoryRepository {

    private static final String FIND_ALL = """
            select id, parent_id, name, slug, depth
              from categories
             order by id
            """;

    private final JdbcClient jdbc;

    CategoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The whole tree; it is small (thousands of rows) and read as one snapshot. */
    @SuppressWarnings("NullAway") // query(Class) is typed for nullable single-column rows; a record row is never null
    List<Category> findAll() {
        return jdbc.sql(FIND_ALL).query(Category.class).list();
    }
}
