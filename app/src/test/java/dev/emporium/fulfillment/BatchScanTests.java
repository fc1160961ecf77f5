package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.fulfillment.FulfillmentFixture.User;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class BatchScanTests {

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

    FulfillmentFixture fixture;
    User staff;

    @BeforeEach
    void setUp() {
        FulfillmentFixture.ensureLoaded(loader);
        fixture = new FulfillmentFixture(mvc, json, accounts, tokens, jdbc);
        staff = fixture.user(Role.STAFF);
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
    void linesApplyInOrderAndRefusedLinesAreReportedAlone() throws Exception {
        String parent = FulfillmentFixture.parentCode();
        String child = FulfillmentFixture.childCode();
        String unknown = FulfillmentFixture.childCode();
        List<Map<String, Object>> lines = List.of(
                line(parent, "A01", null),
                line(parent, "A01", "PACKED"),
                line(child, "A02", null),
                line(child, "A02", "DELIVERED"),
                line(unknown, "A03", "DISPATCHED"),
                line(parent, "DOCK-1", "DISPATCHED"),
                line(parent, "DOCK-1", "SCANNED_IN"));
        var result = fixture.batch(staff, Map.of("scans", lines))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lines").value(7))
                .andExpect(jsonPath("$.accepted").value(4))
                .andExpect(jsonPath("$.replayed").value(0))
                .andExpect(jsonPath("$.parcelsCreated").value(2))
                .andExpect(jsonPath("$.rejected.length()").value(3))
                .andExpect(jsonPath("$.rejected[0].line").value(3))
                .andExpect(jsonPath("$.rejected[0].code").value("invalid_transition"))
                .andExpect(jsonPath("$.rejected[1].line").value(4))
                .andExpect(jsonPath("$.rejected[1].code").value("unknown_parcel"))
                .andExpect(jsonPath("$.rejected[2].line").value(6))
                .andExpect(jsonPath("$.rejected[2].code").value("invalid_transition"));
        assertThat(FulfillmentFixture.statements(result)).isLessThanOrEqualTo(6);
        assertThat(fixture.status(parent)).isEqualTo("DISPATCHED");
        assertThat(fixture.status(child)).isEqualTo("SCANNED_IN");
        assertThat(fixture.events(parent)).isEqualTo(3);
        assertThat(fixture.parcels(unknown)).isZero();

        fixture.batch(staff, Map.of("scans", lines))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(0))
                .andExpect(jsonPath("$.replayed").value(4))
                .andExpect(jsonPath("$.parcelsCreated").value(0));
        assertThat(fixture.events(parent)).isEqualTo(3);
    }

    @Test
    void theStatementCountDoesNotGrowWithTheBatch() throws Exception {
        List<Map<String, Object>> small = new ArrayList<>();
        List<Map<String, Object>> large = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            small.add(line(FulfillmentFixture.childCode(), "A01", null));
        }
        for (int i = 0; i < 2_000; i++) {
            String qr = i % 2 == 0
                    ? FulfillmentFixture.childCode()
                    : (String) large.get(i - 1).get("qr");
            large.add(line(qr, "A02", i % 2 == 0 ? null : "PACKED"));
        }
        int forSmall = FulfillmentFixture.statements(
                fixture.batch(staff, Map.of("scans", small)).andExpect(status().isOk()));
        int forLarge = FulfillmentFixture.statements(fixture.batch(staff, Map.of("scans", large))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(2_000))
                .andExpect(jsonPath("$.parcelsCreated").value(1_000)));
        assertThat(forLarge).isEqualTo(forSmall).isLessThanOrEqualTo(6);
    }

    @Test
    void aLineNamingAnOrderThatDoesNotExistRefusesTheWholeBatch() throws Exception {
        String good = FulfillmentFixture.childCode();
        Map<String, Object> withUnknownOrder = line(FulfillmentFixture.childCode(), "A01", null);
        withUnknownOrder.put("orderId", Long.MAX_VALUE);
        fixture.batch(staff, Map.of("scans", List.of(line(good, "A01", null), withUnknownOrder)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("unknown_order"));
        assertThat(fixture.parcels(good)).isZero();
    }

    @Test
    void aMalformedLineRejectsTheWholeBatchNamingEveryBadLine() throws Exception {
        String good = FulfillmentFixture.childCode();
        Map<String, Object> duplicate = line(FulfillmentFixture.childCode(), "A01", null);
        List<Map<String, Object>> lines = new ArrayList<>(List.of(
                line(good, "A01", null),
                line("bad code", "A01", null),
                line(FulfillmentFixture.childCode(), "", null),
                line("BAG12345678", "A01", null),
                duplicate,
                duplicate));
        fixture.batch(staff, Map.of("scans", lines))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors['scans[1].qr']").exists())
                .andExpect(jsonPath("$.errors['scans[2].area']").exists());
        lines.remove(1);
        lines.remove(1);
        fixture.batch(staff, Map.of("scans", lines))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors['scans[1].kind']").exists())
                .andExpect(jsonPath("$.errors['scans[3].scanId']").exists());
        assertThat(fixture.parcels(good)).isZero();
    }

    @Test
    void oversizedAndEmptyBatchesAreRefusedWithNothingWritten() throws Exception {
        fixture.batch(staff, Map.of("scans", List.of())).andExpect(status().isBadRequest());
        fixture.batch(staff, "{\"scans\": null}").andExpect(status().isBadRequest());
        StringBuilder tooMany = new StringBuilder("{\"scans\":[");
        for (int i = 0; i <= ScanRequests.MAX_BATCH_LINES; i++) {
            tooMany.append(i == 0 ? "" : ",")
                    .append("{\"scanId\":\"over-")
                    .append(i + 100_000)
                    .append("\",\"qr\":\"C-X")
                    .append(i + 100_000)
                    .append("\",\"area\":\"A1\"}");
        }
        String body = tooMany.append("]}").toString();
        assertThat(body.length()).isLessThan(1 << 20);
        fixture.batch(staff, body)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.scans").exists());
        assertThat(fixture.parcels("C-X100000")).isZero();

        StringBuilder huge = new StringBuilder("{\"scans\":[");
        for (int i = 0; i < 9_000; i++) {
            huge.append(i == 0 ? "" : ",")
                    .append("{\"scanId\":\"")
                    .append("h".repeat(50))
                    .append(i + 100_000)
                    .append("\",\"qr\":\"C-H")
                    .append("9".repeat(30))
                    .append(i + 100_000)
                    .append("\",\"area\":\"A1\"}");
        }
        String hugeBody = huge.append("]}").toString();
        assertThat(hugeBody.length()).isGreaterThan(1 << 20);
        fixture.batch(staff, hugeBody).andExpect(status().isContentTooLarge());
        assertThat(fixture.parcels("C-H" + "9".repeat(30) + 100_000)).isZero();
    }
}
