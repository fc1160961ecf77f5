package dev.emporium.fulfillment;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the stats: read the materialized view. Its refresh is the platform's
 * ({@link StatsService#VIEW}, declared in {@link StatsService#statsView}).
 */
@Repository
class StatsRepository {

    static final String READ = "select section, k1, k2, value, as_of from fulfillment_stats";

    private final JdbcClient jdbc;

    StatsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(String section, String k1, String k2, long value, Instant asOf) {}

    List<Row> read() {
        return jdbc.sql(READ)
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }
}
