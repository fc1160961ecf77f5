package dev.emporium.fulfillment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the single-scan and link write paths. Each is one statement: the parcel change and its
 * event are written together or not at all, and every rule is a condition of the statement itself
 * (checked again by PostgreSQL on the locked row when a concurrent writer got there first). No row
 * back means "not applied": the service then rolls back and finds out why.
 */
@Repository
class ScanRepository {

    /**
     * A scan that may create the parcel (plain, CREATED or SCANNED_IN). A concurrent first scan of
     * the same code waits on the unique index and then takes the update branch: one parcel. The
     * event's conflict target is the client scan id: a resent scan inserts nothing.
     */
    static final String ARRIVE = """
            with parcel as (
                insert into parcels as p (qr, kind, status, area, capacity, order_id)
                values (:qr, :kind, :createStatus, :area, :capacity, :orderId)
                on conflict (qr) do update
                   set status = coalesce(cast(:target as text),
                                         case p.status when 'CREATED' then 'SCANNED_IN' else p.status end),
                       area = excluded.area,
                       order_id = coalesce(p.order_id, excluded.order_id),
                       updated_at = now()
                 where p.kind = excluded.kind
                   and (cast(:target as text) is null or p.status = any(cast(:allowedFrom as text[])))
                   and (excluded.order_id is null or p.order_id is null or p.order_id = excluded.order_id)
                returning p.id, p.status, (p.xmax = 0) as created
            )
            insert into scan_events (parcel_id, action, status, area, scanned_by, client_scan_id, request_hash)
            select id, case when created then 'CREATED' else 'SCANNED' end, status, :area, :scannedBy, :scanId, :requestHash
              from parcel
            on conflict (scanned_by, client_scan_id) where client_scan_id is not null do nothing
            returning id, action, status, area, scanned_by, scanned_at, client_scan_id
            """;

    /** A scan to PACKED, DISPATCHED or DELIVERED: the parcel must exist and be in an allowed status. */
    static final String ADVANCE = """
            with parcel as (
                update parcels p
                   set status = :target,
                       area = :area,
                       order_id = coalesce(p.order_id, cast(:orderId as bigint)),
                       updated_at = now()
                 where p.qr = :qr
                   and p.kind = :kind
                   and p.status = any(cast(:allowedFrom as text[]))
                   and (p.parent_id is null or not :travelsWithParent)
                   and (cast(:orderId as bigint) is null or p.order_id is null or p.order_id = cast(:orderId as bigint))
                returning p.id, p.status
            )
            insert into scan_events (parcel_id, action, status, area, scanned_by, client_scan_id, request_hash)
            select id, 'SCANNED', status, :area, :scannedBy, :scanId, :requestHash
              from parcel
            on conflict (scanned_by, client_scan_id) where client_scan_id is not null do nothing
            returning id, action, status, area, scanned_by, scanned_at, client_scan_id
            """;

    /** A parent dispatched or delivered carries its children along (at most its capacity of rows). */
    static final String CARRY_CHILDREN = """
            update parcels
               set status = :status, updated_at = now()
             where parent_id = (select id from parcels where qr = :parentQr)
               and status <> :status
            """;

    /**
     * Links a child: the child row is claimed ({@code parent_id is null}, checked again under its
     * lock, so of many concurrent links of one child exactly one succeeds), the parent counts it
     * only while {@code child_count < capacity} and it is still open (checked again under the
     * parent's lock, so concurrent links never overfill it), and the LINKED event is written; all
     * or nothing. A code given as both child and parent matches no row: kinds differ.
     */
    static final String LINK = """
            with child as (
                update parcels c
                   set parent_id = p.id, status = 'PACKED', area = p.area, updated_at = now()
                  from parcels p
                 where c.qr = :childQr and p.qr = :parentQr
                   and c.kind = 'CHILD' and p.kind = 'PARENT'
                   and c.parent_id is null
                   and c.status in ('CREATED', 'SCANNED_IN', 'PACKED')
                   and p.status in ('CREATED', 'SCANNED_IN', 'PACKED')
                returning c.id, p.id as parent_id, p.area
            ),
            counted as (
                update parcels p
                   set child_count = p.child_count + 1, updated_at = now()
                  from child
                 where p.id = child.parent_id
                   and p.child_count < p.capacity
                   and p.status in ('CREATED', 'SCANNED_IN', 'PACKED')
                returning p.child_count, p.capacity, child.id as child_id, child.area
            ),
            event as (
                insert into scan_events (parcel_id, action, status, area, scanned_by)
                select child_id, 'LINKED', 'PACKED', area, :scannedBy
                  from counted
                returning id, action, status, area, scanned_by, scanned_at, client_scan_id
            )
            select counted.child_count, counted.capacity,
                   event.id, event.action, event.status, event.area, event.scanned_by, event.scanned_at, event.client_scan_id
              from counted, event
            """;

    static final String STORED_SCAN = """
            select p.qr, p.kind, e.request_hash,
                   e.id, e.action, e.status, e.area, e.scanned_by, e.scanned_at, e.client_scan_id
              from scan_events e
              join parcels p on p.id = e.parcel_id
             where e.scanned_by = :scannedBy and e.client_scan_id = :scanId
            """;

    static final String STATES = """
            select id, qr, kind, status, parent_id, capacity, child_count, order_id
              from parcels
             where qr in (:qrs)
            """;

    private final JdbcClient jdbc;

    ScanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Views.ScanEvent> arrive(ScanCommand scan, long scannedBy) {
        ParcelStatus target = scan.target();
        return jdbc.sql(ARRIVE)
                .param("qr", scan.qr())
                .param("kind", scan.kind().name())
                .param("createStatus", (target == null ? ParcelStatus.SCANNED_IN : target).name())
                .param("area", scan.area())
                .param("capacity", scan.capacity())
                .param("orderId", scan.orderId())
                .param("target", target == null ? null : target.name())
                .param("allowedFrom", target == null ? new String[0] : ParcelStatus.names(target.allowedFrom()))
                .param("scannedBy", scannedBy)
                .param("scanId", scan.scanId())
                .param("requestHash", scan.requestHash())
                .query(ScanRepository::event)
                .optional();
    }

    Optional<Views.ScanEvent> advance(ScanCommand scan, long scannedBy) {
        ParcelStatus target = java.util.Objects.requireNonNull(scan.target(), "advances() means a target");
        return jdbc.sql(ADVANCE)
                .param("qr", scan.qr())
                .param("kind", scan.kind().name())
                .param("target", target.name())
                .param("area", scan.area())
                .param("orderId", scan.orderId())
                .param("allowedFrom", ParcelStatus.names(target.allowedFrom()))
                .param("travelsWithParent", target.travelsWithParent())
                .param("scannedBy", scannedBy)
                .param("scanId", scan.scanId())
                .param("requestHash", scan.requestHash())
                .query(ScanRepository::event)
                .optional();
    }

    int carryChildren(String parentQr, ParcelStatus status) {
        return jdbc.sql(CARRY_CHILDREN)
                .param("parentQr", parentQr)
                .param("status", status.name())
                .update();
    }

    record Linked(int childCount, int capacity, Views.ScanEvent event) {}

    Optional<Linked> link(String parentQr, String childQr, long scannedBy) {
        return jdbc.sql(LINK)
                .param("parentQr", parentQr)
                .param("childQr", childQr)
                .param("scannedBy", scannedBy)
                .query((rs, n) -> new Linked(rs.getInt(1), rs.getInt(2), eventAt(rs, 3)))
                .optional();
    }

    record StoredScan(String qr, ParcelKind kind, byte[] requestHash, Views.ScanEvent event) {}

    Optional<StoredScan> storedScan(long scannedBy, String scanId) {
        return jdbc.sql(STORED_SCAN)
                .param("scannedBy", scannedBy)
                .param("scanId", scanId)
                .query((rs, n) -> new StoredScan(
                        rs.getString(1), ParcelKind.valueOf(rs.getString(2)), rs.getBytes(3), eventAt(rs, 4)))
                .optional();
    }

    /** What the service needs to explain a refused write. */
    record State(
            long id,
            String qr,
            ParcelKind kind,
            ParcelStatus status,
            @Nullable Long parentId,
            @Nullable Integer capacity,
            int childCount,
            @Nullable Long orderId) {}

    List<State> states(List<String> qrs) {
        return jdbc.sql(STATES).param("qrs", qrs).query(ScanRepository::state).list();
    }

    static State state(ResultSet rs, int n) throws SQLException {
        return new State(
                rs.getLong(1),
                rs.getString(2),
                ParcelKind.valueOf(rs.getString(3)),
                ParcelStatus.valueOf(rs.getString(4)),
                rs.getObject(5, Long.class),
                rs.getObject(6, Integer.class),
                rs.getInt(7),
                rs.getObject(8, Long.class));
    }

    private static Views.ScanEvent event(ResultSet rs, int n) throws SQLException {
        return eventAt(rs, 1);
    }

    /** A scan event from seven columns starting at {@code first}. */
    static Views.ScanEvent eventAt(ResultSet rs, int first) throws SQLException {
        return new Views.ScanEvent(
                rs.getLong(first),
                ScanAction.valueOf(rs.getString(first + 1)),
                ParcelStatus.valueOf(rs.getString(first + 2)),
                rs.getString(first + 3),
                rs.getLong(first + 4),
                rs.getTimestamp(first + 5).toInstant(),
                rs.getString(first + 6));
    }
}
