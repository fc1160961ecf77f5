package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.fulfillment.FulfillmentFixture.User;
import dev.emporium.fulfillment.ScanCounter.Outcome;
import dev.emporium.fulfillment.ScanCounter.Source;
import dev.emporium.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code emporium.fulfillment.scans} moves by exactly the scans handled, per source and outcome, and
 * by nothing else: every test compares all nine series before and after (tests in one JVM run one
 * after another, so nothing else scans meanwhile).
 */
@IntegrationTest
class ScanCounterTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FulfillmentBulkLoader loader;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ScanCounter counter;

    @Autowired
    TransactionTemplate transactions;

    FulfillmentFixture fixture;
    User staff;

    @BeforeEach
    void setUp() {
        FulfillmentFixture.ensureLoaded(loader);
        fixture = new FulfillmentFixture(mvc, json, accounts, tokens, jdbc);
        staff = fixture.user(Role.STAFF);
    }

    private static String key(Source source, Outcome outcome) {
        return source.name().toLowerCase(Locale.ROOT) + " " + outcome.name().toLowerCase(Locale.ROOT);
    }

    /** All nine series, "source outcome" → count. */
    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            for (Outcome outcome : Outcome.values()) {
                double value = registry.get(ScanCounter.METRIC)
                        .tag("source", source.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .counter()
                        .count();
                counts.put(key(source, outcome), Math.round(value));
            }
        }
        return counts;
    }

    /** What moved since {@code before}: the series that changed, and by how much. */
    private Map<String, Long> movedSince(Map<String, Long> before) {
        Map<String, Long> moved = new LinkedHashMap<>();
        counts().forEach((k, now) -> {
            long delta = now - before.get(k);
            if (delta != 0) {
                moved.put(k, delta);
            }
        });
        return moved;
    }

    private static Map<String, Object> line(String qr, String area, String status) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scanId", FulfillmentFixture.scanId());
        line.put("qr", qr);
        line.put("area", area);
        if (status != null) {
            line.put("status", status);
        }
        return line;
    }

    @Test
    void everySourceAndOutcomeIsRegisteredFromStartUp() {
        assertThat(registry.find(ScanCounter.METRIC).counters()).hasSize(9);
        assertThat(counts()).hasSize(9);
    }

    @Test
    void singleScansCountAsAppliedDuplicateOrRefusedOnceEach() throws Exception {
        Map<String, Long> before = counts();
        String qr = FulfillmentFixture.childCode();
        Map<String, Object> first = line(qr, "A01", null);
        fixture.scan(staff, first)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "false"));
        fixture.scan(staff, first)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"));
        Map<String, Object> reused = new LinkedHashMap<>(first);
        reused.put("area", "B02");
        fixture.scan(staff, reused).andExpect(status().isUnprocessableContent());
        fixture.scan(staff, qr, "A01", "DELIVERED").andExpect(status().isConflict());
        fixture.scan(staff, FulfillmentFixture.childCode(), "A01", "PACKED").andExpect(status().isNotFound());
        fixture.scan(staff, "not a code", "A01", null).andExpect(status().isBadRequest());

        assertThat(movedSince(before))
                .isEqualTo(Map.of(
                        key(Source.SINGLE, Outcome.APPLIED),
                        1L,
                        key(Source.SINGLE, Outcome.DUPLICATE),
                        1L,
                        key(Source.SINGLE, Outcome.REFUSED),
                        3L));
    }

    @Test
    void batchLinesCountByWhatBecameOfEach() throws Exception {
        String parent = FulfillmentFixture.parentCode();
        String child = FulfillmentFixture.childCode();
        List<Map<String, Object>> lines = List.of(
                line(parent, "A01", null),
                line(parent, "A01", "PACKED"),
                line(child, "A02", null),
                line(child, "A02", "DELIVERED"),
                line(FulfillmentFixture.childCode(), "A03", "DISPATCHED"),
                line(parent, "DOCK-1", "DISPATCHED"),
                line(parent, "DOCK-1", "SCANNED_IN"));
        Map<String, Long> before = counts();
        fixture.batch(staff, Map.of("scans", lines))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(4))
                .andExpect(jsonPath("$.rejected.length()").value(3));
        assertThat(movedSince(before))
                .isEqualTo(Map.of(key(Source.BATCH, Outcome.APPLIED), 4L, key(Source.BATCH, Outcome.REFUSED), 3L));

        before = counts();
        fixture.batch(staff, Map.of("scans", lines))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replayed").value(4));
        assertThat(movedSince(before))
                .as("a resent batch: its applied lines are duplicates, the refused ones are refused again")
                .isEqualTo(Map.of(key(Source.BATCH, Outcome.DUPLICATE), 4L, key(Source.BATCH, Outcome.REFUSED), 3L));

        before = counts();
        Map<String, Object> unknownOrder = line(FulfillmentFixture.childCode(), "A01", null);
        unknownOrder.put("orderId", Long.MAX_VALUE);
        fixture.batch(staff, Map.of("scans", List.of(line(FulfillmentFixture.childCode(), "A01", null), unknownOrder)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("unknown_order"));
        fixture.batch(staff, Map.of("scans", List.of(line("bad code", "A01", null))))
                .andExpect(status().isBadRequest());
        assertThat(movedSince(before))
                .as("a batch refused as a whole (rolled back) refuses every line; a malformed one counts nothing")
                .isEqualTo(Map.of(key(Source.BATCH, Outcome.REFUSED), 2L));
    }

    @Test
    void linksCountAsTheirOwnSource() throws Exception {
        String parent = FulfillmentFixture.parentCode();
        String child = FulfillmentFixture.childCode();
        Map<String, Long> before = counts();
        fixture.scan(staff, parent, "A01", null).andExpect(status().isCreated());
        fixture.scan(staff, child, "A01", null).andExpect(status().isCreated());
        fixture.link(staff, parent, child).andExpect(status().isCreated());
        fixture.link(staff, parent, child).andExpect(status().isOk());
        fixture.link(staff, parent, parent).andExpect(status().isConflict());
        fixture.link(staff, parent, FulfillmentFixture.childCode()).andExpect(status().isNotFound());

        assertThat(movedSince(before))
                .isEqualTo(Map.of(
                        key(Source.SINGLE, Outcome.APPLIED), 2L,
                        key(Source.LINK, Outcome.APPLIED), 1L,
                        key(Source.LINK, Outcome.DUPLICATE), 1L,
                        key(Source.LINK, Outcome.REFUSED), 2L));
    }

    @Test
    void aCountInsideATransactionWaitsForItsCommitAndIsDroppedOnRollback() {
        Map<String, Long> before = counts();
        transactions.executeWithoutResult(tx -> {
            counter.record(Source.BATCH, Outcome.APPLIED, 3);
            assertThat(movedSince(before)).as("not before the commit").isEmpty();
        });
        assertThat(movedSince(before)).isEqualTo(Map.of(key(Source.BATCH, Outcome.APPLIED), 3L));

        Map<String, Long> committed = counts();
        transactions.executeWithoutResult(tx -> {
            counter.record(Source.BATCH, Outcome.APPLIED, 5);
            tx.setRollbackOnly();
        });
        assertThat(movedSince(committed)).isEmpty();
    }
}
