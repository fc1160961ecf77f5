package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.ExplainGuard;
import dev.emporium.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every SQL shape of fulfillment, EXPLAINed over the generated data set (60,000 parcels, 375,000
 * scan events): no plan may read {@code parcels} or {@code scan_events} sequentially. List shapes
 * are enumerated from the same builder the repository uses. The stats view's refresh runs off the
 * request path; {@code ParcelReadTests} checks that it reads no large table sequentially (ADR 0012).
 */
@IntegrationTest
class FulfillmentQueryPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FulfillmentBulkLoader loader;

    @Autowired
    ParcelRepository parcels;

    ExplainGuard guard;
    String parent;
    String child;
    long parentId;

    @BeforeEach
    void setUp() {
        FulfillmentFixture.ensureLoaded(loader);
        guard = new ExplainGuard(jdbc).requireLarge("parcels").requireLarge("scan_events");
        parent = jdbc.sql("select qr from parcels where kind = 'PARENT' and child_count > 10 order by id desc limit 1")
                .query(String.class)
                .single();
        parentId = jdbc.sql("select id from parcels where qr = :qr")
                .param("qr", parent)
                .query(Long.class)
                .single();
        child = jdbc.sql("select qr from parcels where parent_id = :id limit 1")
                .param("id", parentId)
                .query(String.class)
                .single();
    }

    @Test
    void everyListShapeIsIndexBacked() {
        Instant now = Instant.now();
        String[] statuses = {null, "DELIVERED", "CREATED"};
        String[] areas = {null, "A01", "A40"};
        String[] parents = {null, parent};
        Instant[][] ranges = {{null, null}, {now.minusSeconds(30 * 86_400L), now.minusSeconds(20 * 86_400L)}};
        ParcelFilter.Cursor[] cursors = {null, ParcelFilter.Cursor.of(now.minusSeconds(45 * 86_400L), 30_000)};
        List<String> checked = new ArrayList<>();
        for (String status : statuses) {
            for (String area : areas) {
                for (String parentQr : parents) {
                    for (Instant[] range : ranges) {
                        for (ParcelFilter.Cursor cursor : cursors) {
                            ParcelFilter filter = new ParcelFilter(
                                    status == null ? null : ParcelStatus.valueOf(status),
                                    area,
                                    parentQr,
                                    range[0],
                                    range[1],
                                    50,
                                    cursor);
                            ParcelRepository.Query page = ParcelRepository.page(filter);
                            guard.assertNoSequentialScan(page.sql(), page.params());
                            if (parcels.estimateCount(filter) <= 2L * ParcelRepository.EXACT_COUNT_CAP) {
                                ParcelRepository.Query count = ParcelRepository.cappedCount(filter);
                                guard.assertNoSequentialScan(count.sql(), count.params());
                            }
                            checked.add(filter.toString());
                        }
                    }
                }
            }
        }
        assertThat(checked).hasSize(72);
    }

    @Test
    void lookupsAndHistoriesAreIndexBacked() {
        assertThat(ExplainGuard.describe(
                        guard.assertNoSequentialScan(ParcelRepository.FIND_BY_QR, Map.of("qr", child))))
                .contains("Index Scan");
        guard.assertNoSequentialScan(ParcelRepository.ID_BY_QR, Map.of("qr", child));
        Map<String, Object> history = new HashMap<>();
        history.put("parcelId", parentId);
        history.put("cursorAt", null);
        history.put("cursorId", 0L);
        history.put("limit", 51);
        guard.assertNoSequentialScan(ParcelRepository.HISTORY, history);
        history.put("cursorAt", Timestamp.from(Instant.now()));
        history.put("cursorId", Long.MAX_VALUE);
        guard.assertNoSequentialScan(ParcelRepository.HISTORY, history);
        guard.assertNoSequentialScan(ParcelRepository.HISTORY_COUNT, Map.of("parcelId", parentId, "cap", 10_001));
        guard.assertNoSequentialScan(ScanRepository.STATES, Map.of("qrs", List.of(parent, child)));
        guard.assertNoSequentialScan(ScanRepository.STORED_SCAN, Map.of("scannedBy", 1L, "scanId", "scan-000001"));
    }

    @Test
    void everyWriteFindsItsRowsByIndex() {
        Map<String, Object> arrive = new HashMap<>();
        arrive.put("qr", child);
        arrive.put("kind", "CHILD");
        arrive.put("createStatus", "SCANNED_IN");
        arrive.put("area", "A01");
        arrive.put("capacity", null);
        arrive.put("orderId", null);
        arrive.put("target", null);
        arrive.put("allowedFrom", new String[0]);
        arrive.put("scannedBy", 1L);
        arrive.put("scanId", "scan-000001");
        arrive.put("requestHash", new byte[32]);
        guard.assertNoSequentialScan(ScanRepository.ARRIVE, arrive);

        Map<String, Object> advance = new HashMap<>(arrive);
        advance.remove("createStatus");
        advance.remove("capacity");
        advance.put("target", "DISPATCHED");
        advance.put("allowedFrom", new String[] {"PACKED", "DISPATCHED"});
        advance.put("travelsWithParent", true);
        guard.assertNoSequentialScan(ScanRepository.ADVANCE, advance);

        guard.assertNoSequentialScan(ScanRepository.CARRY_CHILDREN, Map.of("parentQr", parent, "status", "DISPATCHED"));
        guard.assertNoSequentialScan(
                ScanRepository.LINK, Map.of("parentQr", parent, "childQr", child, "scannedBy", 1L));
    }

    @Test
    void batchStatementsFindTheirRowsByIndex() {
        List<String> codes = jdbc.sql("select qr from parcels order by id desc limit 2000")
                .query(String.class)
                .list();
        List<Long> ids = jdbc.sql("select id from parcels order by id desc limit 2000")
                .query(Long.class)
                .list();
        guard.assertNoSequentialScan(
                BatchScanRepository.LOCK_BY_QRS,
                Map.of("qrs", codes.stream().sorted().toArray(String[]::new)));
        guard.assertNoSequentialScan(
                BatchScanRepository.STORED_SCAN_IDS,
                Map.of(
                        "scannedBy",
                        1L,
                        "scanIds",
                        codes.stream().map(c -> "s-" + c).toArray(String[]::new)));
        guard.assertNoSequentialScan(
                BatchScanRepository.UPDATE_PARCELS,
                Map.of(
                        "ids", ids.toArray(Long[]::new),
                        "statuses", ids.stream().map(i -> "PACKED").toArray(String[]::new),
                        "areas", ids.stream().map(i -> "A01").toArray(String[]::new),
                        "orderIds", new Long[ids.size()]));
        guard.assertNoSequentialScan(
                BatchScanRepository.CARRY_CHILDREN,
                Map.of("parentIds", new Long[] {parentId}, "statuses", new String[] {"DISPATCHED"}));
    }
}
