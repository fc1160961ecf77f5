package dev.emporium.fulfillment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL of the parcel reads. Every shape has its index (V8): the code's unique index for a lookup,
 * {@code scan_events (parcel_id, scanned_at desc, id desc)} for the last scan and the history, and
 * one {@code (filter…, created_at desc, id desc)} index per list filter, so a page is a bounded
 * index walk at any depth.
 */
@Repository
class ParcelRepository {

    static final String COLUMNS = """
            c.id, c.qr, c.kind, c.status, c.area, p.qr, c.order_id, c.capacity, c.child_count, c.created_at, c.updated_at\
            """;

    /** The parcel, its parent's code and its newest scan in one statement. */
    static final String FIND_BY_QR = "select " + COLUMNS + """
            , e.id, e.action, e.status, e.area, e.scanned_by, e.scanned_at, e.client_scan_id
              from parcels c
              left join parcels p on p.id = c.parent_id
              left join lateral (select id, action, status, area, scanned_by, scanned_at, client_scan_id
                                   from scan_events
                                  where parcel_id = c.id
                                  order by scanned_at desc, id desc
                                  limit 1) e on true
             where c.qr = :qr
            """;

    static final String ID_BY_QR = "select id from parcels where qr = :qr";

    static final String HISTORY = """
            select id, action, status, area, scanned_by, scanned_at, client_scan_id
              from scan_events
             where parcel_id = :parcelId
               and (cast(:cursorAt as timestamptz) is null or (scanned_at, id) < (cast(:cursorAt as timestamptz), :cursorId))
             order by scanned_at desc, id desc
             limit :limit
            """;

    static final String HISTORY_COUNT = """
            select count(*) from (select 1 from scan_events where parcel_id = :parcelId limit :cap) capped
            """;

    /** Exact totals up to this many rows; beyond, the planner's estimate. */
    static final int EXACT_COUNT_CAP = 10_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ParcelRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Views.Parcel> find(String qr) {
        return jdbc.sql(FIND_BY_QR)
                .param("qr", qr)
                .query((rs, n) -> parcel(rs, rs.getObject(12) == null ? null : ScanRepository.eventAt(rs, 12)))
                .optional();
    }

    Optional<Long> idOf(String qr) {
        return jdbc.sql(ID_BY_QR)
                .param("qr", qr)
                .query((rs, n) -> rs.getLong(1))
                .optional();
    }

    List<Views.ScanEvent> history(
            long parcelId, int limit, ParcelFilter.@org.jspecify.annotations.Nullable Cursor cursor) {
        return jdbc.sql(HISTORY)
                .param("parcelId", parcelId)
                .param("cursorAt", cursor == null ? null : Timestamp.from(cursor.createdAt()))
                .param("cursorId", cursor == null ? 0L : cursor.id())
                .param("limit", limit + 1)
                .query((rs, n) -> ScanRepository.eventAt(rs, 1))
                .list();
    }

    long historyCountCapped(long parcelId) {
        Long count = jdbc.sql(HISTORY_COUNT)
                .param("parcelId", parcelId)
                .param("cap", EXACT_COUNT_CAP + 1)
                .query(Long.class)
                .single();
        return count == null ? 0 : count;
    }

    /** A query shape with its parameters. */
    record Query(String sql, Map<String, Object> params) {}

    /** One page plus one row, which tells whether another page follows. */
    static Query page(ParcelFilter filter) {
        Query where = where(filter, true);
        String sql = "select " + COLUMNS + "\n  from parcels c\n  left join parcels p on p.id = c.parent_id\n"
                + where.sql() + " order by c.created_at desc, c.id desc\n limit :limit";
        Map<String, Object> params = new LinkedHashMap<>(where.params());
        params.put("limit", filter.limit() + 1);
        return new Query(sql, params);
    }

    static Query cappedCount(ParcelFilter filter) {
        Query where = where(filter, false);
        Map<String, Object> params = new LinkedHashMap<>(where.params());
        params.put("cap", EXACT_COUNT_CAP + 1);
        return new Query(
                "select count(*) from (select 1 from parcels c\n" + where.sql() + " limit :cap) capped", params);
    }

    static Query estimate(ParcelFilter filter) {
        Query where = where(filter, false);
        return new Query("explain (format json) select 1 from parcels c\n" + where.sql(), where.params());
    }

    private static Query where(ParcelFilter filter, boolean withCursor) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.parentQr() != null) {
            conditions.add("c.parent_id = (select id from parcels where qr = :parentQr)");
            params.put("parentQr", filter.parentQr());
        }
        if (filter.status() != null) {
            conditions.add("c.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.area() != null) {
            conditions.add("c.area = :area");
            params.put("area", filter.area());
        }
        if (filter.from() != null) {
            conditions.add("c.created_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("c.created_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        if (withCursor && filter.cursor() != null) {
            conditions.add("(c.created_at, c.id) < (:cursorAt, :cursorId)");
            params.put("cursorAt", Timestamp.from(filter.cursor().createdAt()));
            params.put("cursorId", filter.cursor().id());
        }
        String sql = conditions.isEmpty() ? "" : " where " + String.join("\n   and ", conditions) + "\n";
        return new Query(sql, params);
    }

    List<Views.Parcel> findPage(ParcelFilter filter) {
        Query query = page(filter);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query((rs, n) -> parcel(rs, null))
                .list();
    }

    long countCapped(ParcelFilter filter) {
        Query query = cappedCount(filter);
        Long count =
                jdbc.sql(query.sql()).params(query.params()).query(Long.class).single();
        return count == null ? 0 : count;
    }

    /** The planner's row estimate: costs no scan. */
    long estimateCount(ParcelFilter filter) {
        Query query = estimate(filter);
        String plan =
                jdbc.sql(query.sql()).params(query.params()).query(String.class).single();
        JsonNode root = json.readTree(java.util.Objects.requireNonNull(plan, "EXPLAIN answers a plan"));
        return root.get(0).get("Plan").get("Plan Rows").asLong();
    }

    private static Views.Parcel parcel(ResultSet rs, Views.@org.jspecify.annotations.Nullable ScanEvent last)
            throws SQLException {
        return new Views.Parcel(
                rs.getLong(1),
                rs.getString(2),
                ParcelKind.valueOf(rs.getString(3)),
                ParcelStatus.valueOf(rs.getString(4)),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, Long.class),
                rs.getObject(8, Integer.class),
                rs.getInt(9),
                rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11).toInstant(),
                last);
    }
}
