package dev.emporium.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.RowMapper;

/**
 * Maps {@link ProductQuery#COLUMNS} by position. Spring's reflective record mapper asks the driver
 * for {@code Instant} first, which pgjdbc refuses with an exception before Spring falls back: two
 * exceptions per row, 100 per list page. Reading {@code OffsetDateTime} directly costs none.
 */
final class ProductRowMapper implements RowMapper<Product> {

    static final ProductRowMapper INSTANCE = new ProductRowMapper();

    @Override
    public Product mapRow(ResultSet rs, int rowNum) throws SQLException {
        return new Product(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getBoolean(9),
                rs.getInt(10),
                rs.getString(11),
                rs.getString(12),
                rs.getObject(13, OffsetDateTime.class).toInstant(),
                rs.getObject(14, OffsetDateTime.class).toInstant());
    }
}
