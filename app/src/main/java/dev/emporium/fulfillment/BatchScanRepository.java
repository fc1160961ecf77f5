package dev.emporium.fulfillment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.stereotype.Repository;

/**
 * SQL of the batch endpoint: a constant number of statements whatever the batch size. Parcels are
 * read and locked in code order with one statement, created and updated with one multi-row
 * statement each (arrays through {@code unnest}), and the events go in with {@code COPY} on the
 * transaction's own connection.
 */
@Repository
class BatchScanRepository {

    /** Locks in code order, so two batches touching the same parcels cannot deadlock each other. */
    static final String LOCK_BY_QRS = """
            select id, qr, kind, status, parent_id, capacity, child_count, order_id
              from parcels
             where qr = any(cast(:qrs as text[]))
             order by qr
               for update
            """;

    static final String STORED_SCAN_IDS = """
            select client_scan_id, request_hash
              from scan_events
             where scanned_by = :scannedBy
               and client_scan_id = any(cast(:scanIds as text[]))
            """;

    /** Fewer rows back than sent means a concurrent writer created one of them first: retry. */
    static final String INSERT_PARCELS = """
            insert into parcels (qr, kind, status, area, capacity, order_id)
            select * from unnest(cast(:qrs as text[]), cast(:kinds as text[]), cast(:statuses as text[]),
                                 cast(:areas as text[]), cast(:capacities as integer[]), cast(:orderIds as bigint[]))
            on conflict (qr) do nothing
            returning id, qr
            """;

    /**
     * The {@code any(:ids)} repeats the join key so the planner finds the rows by index: it cannot
     * see how many rows {@code unnest} yields, and at thousands it would hash-join a whole scan.
     */
    static final String UPDATE_PARCELS = """
            update parcels p
               set status = u.status, area = u.area, order_id = coalesce(p.order_id, u.order_id), updated_at = now()
              from unnest(cast(:ids as bigint[]), cast(:statuses as text[]), cast(:areas as text[]),
                          cast(:orderIds as bigint[])) as u(id, status, area, order_id)
             where p.id = u.id
               and p.id = any(cast(:ids as bigint[]))
            """;

    static final String CARRY_CHILDREN = """
            update parcels c
               set status = u.status, updated_at = now()
              from unnest(cast(:parentIds as bigint[]), cast(:statuses as text[])) as u(parent_id, status)
             where c.parent_id = u.parent_id
               and c.parent_id = any(cast(:parentIds as bigint[]))
               and c.status <> u.status
            """;

    static final String COPY_EVENTS = "copy scan_events (parcel_id, action, status, area, scanned_by, client_scan_id,"
            + " request_hash) from stdin";

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    BatchScanRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    List<ScanRepository.State> lock(String[] qrs) {
        return jdbc.sql(LOCK_BY_QRS)
                .param("qrs", qrs)
                .query(ScanRepository::state)
                .list();
    }

    Map<String, byte[]> storedScanIds(long scannedBy, String[] scanIds) {
        return jdbc
                .sql(STORED_SCAN_IDS)
                .param("scannedBy", scannedBy)
                .param("scanIds", scanIds)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    record NewParcel(
            String qr,
            ParcelKind kind,
            ParcelStatus status,
            String area,
            @Nullable Integer capacity,
            @Nullable Long orderId) {}

    /** Code → id of the parcels created. */
    Map<String, Long> insert(List<NewParcel> parcels) {
        return jdbc
                .sql(INSERT_PARCELS)
                .param("qrs", parcels.stream().map(NewParcel::qr).toArray(String[]::new))
                .param("kinds", parcels.stream().map(p -> p.kind().name()).toArray(String[]::new))
                .param("statuses", parcels.stream().map(p -> p.status().name()).toArray(String[]::new))
                .param("areas", parcels.stream().map(NewParcel::area).toArray(String[]::new))
                .param("capacities", parcels.stream().map(NewParcel::capacity).toArray(Integer[]::new))
                .param("orderIds", parcels.stream().map(NewParcel::orderId).toArray(Long[]::new))
                .query((rs, n) -> Map.entry(rs.getString(2), rs.getLong(1)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    record Change(
            long id,
            ParcelStatus status,
            String area,
            @Nullable Long orderId) {}

    void update(List<Change> changes) {
        jdbc.sql(UPDATE_PARCELS)
                .param("ids", changes.stream().map(Change::id).toArray(Long[]::new))
                .param("statuses", changes.stream().map(c -> c.status().name()).toArray(String[]::new))
                .param("areas", changes.stream().map(Change::area).toArray(String[]::new))
                .param("orderIds", changes.stream().map(Change::orderId).toArray(Long[]::new))
                .update();
    }

    void carryChildren(List<Long> parentIds, List<ParcelStatus> statuses) {
        jdbc.sql(CARRY_CHILDREN)
                .param("parentIds", parentIds.toArray(Long[]::new))
                .param("statuses", statuses.stream().map(Enum::name).toArray(String[]::new))
                .update();
    }

    record Event(long parcelId, ScanAction action, ParcelStatus status, String area, String scanId, byte[] hash) {}

    /**
     * Copies the events on the current transaction's connection (values are validated codes, areas
     * and scan ids: no tab, newline or backslash to escape). A scan id recorded concurrently since
     * the check raises a unique violation, which the retry turns into a replay.
     */
    void copyEvents(List<Event> events, long scannedBy) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            HexFormat hex = HexFormat.of();
            try (Writer out = new BufferedWriter(
                    new OutputStreamWriter(new PGCopyOutputStream(pg, COPY_EVENTS, 1 << 16), StandardCharsets.UTF_8),
                    1 << 16)) {
                String by = Long.toString(scannedBy);
                for (Event e : events) {
                    out.write(Long.toString(e.parcelId()));
                    out.write('\t');
                    out.write(e.action().name());
                    out.write('\t');
                    out.write(e.status().name());
                    out.write('\t');
                    out.write(e.area());
                    out.write('\t');
                    out.write(by);
                    out.write('\t');
                    out.write(e.scanId());
                    out.write("\t\\\\x");
                    out.write(hex.formatHex(e.hash()));
                    out.write('\n');
                }
            }
        } catch (SQLException e) {
            throw translate(e);
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw translate(sql);
            }
            throw new UncheckedIOException("COPY of scan events failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static RuntimeException translate(SQLException e) {
        RuntimeException translated =
                new SQLErrorCodeSQLExceptionTranslator("PostgreSQL").translate("copy", COPY_EVENTS, e);
        return translated != null
                ? translated
                : new DataAccessResourceFailureException("COPY of scan events failed", e);
    }
}
