package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.fulfillment.FulfillmentFixture.User;
import dev.emporium.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class ScanControllerTests {

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

    @Test
    void aFirstScanCreatesTheParcelCheckedInAndRecordsWhoWhenWhere() throws Exception {
        String qr = FulfillmentFixture.parentCode();
        var result = fixture.scan(staff, qr, "A07", null)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "false"))
                .andExpect(jsonPath("$.qr").value(qr))
                .andExpect(jsonPath("$.kind").value("PARENT"))
                .andExpect(jsonPath("$.parcelCreated").value(true))
                .andExpect(jsonPath("$.event.action").value("CREATED"))
                .andExpect(jsonPath("$.event.status").value("SCANNED_IN"))
                .andExpect(jsonPath("$.event.area").value("A07"))
                .andExpect(jsonPath("$.event.scannedBy").value(staff.id()));
        assertThat(FulfillmentFixture.statements(result)).isEqualTo(1);

        fixture.scan(staff, qr, "B01", null)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.parcelCreated").value(false))
                .andExpect(jsonPath("$.event.action").value("SCANNED"))
                .andExpect(jsonPath("$.event.status").value("SCANNED_IN"));
        fixture.get(staff, "/api/v1/fulfillment/parcels/" + qr)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.area").value("B01"))
                .andExpect(jsonPath("$.capacity").value(50))
                .andExpect(jsonPath("$.lastScan.area").value("B01"));
        assertThat(fixture.events(qr)).isEqualTo(2);
    }

    @Test
    void aResentScanReplaysTheFirstAnswerAndRecordsNothingMore() throws Exception {
        String qr = FulfillmentFixture.childCode();
        String scanId = FulfillmentFixture.scanId();
        Map<String, Object> body = Map.of("scanId", scanId, "qr", qr, "area", "A01");
        String first = fixture.scan(staff, body)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        fixture.scan(staff, body)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(content().json(first));
        assertThat(fixture.events(qr)).isEqualTo(1);

        fixture.scan(staff, Map.of("scanId", scanId, "qr", qr, "area", "A02"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("scan_id_reused"));
        assertThat(fixture.events(qr)).isEqualTo(1);
    }

    @Test
    void theScanIdMayComeAsIdempotencyKeyButOneIsRequired() throws Exception {
        String qr = FulfillmentFixture.childCode();
        String key = FulfillmentFixture.scanId();
        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/api/v1/fulfillment/scans")
                            .header("Authorization", staff.bearer())
                            .header("Idempotency-Key", key)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"qr\":\"" + qr + "\",\"area\":\"A01\"}"))
                    .andExpect(status().isCreated())
                    .andExpect(header().string("Idempotent-Replayed", Boolean.toString(i == 1)));
        }
        assertThat(fixture.events(qr)).isEqualTo(1);
        fixture.scan(staff, Map.of("qr", qr, "area", "A01"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.scanId").exists());
        mvc.perform(post("/api/v1/fulfillment/scans")
                        .header("Authorization", staff.bearer())
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scanId\":\"other-scan-id\",\"qr\":\"" + qr + "\",\"area\":\"A01\"}"))
                .andExpect(status().isBadRequest());
        assertThat(fixture.events(qr)).isEqualTo(1);
    }

    @Test
    void statusMovesOnlyForwardOneStepAtATime() throws Exception {
        String qr = FulfillmentFixture.parentCode();
        fixture.scan(staff, qr, "A01", "CREATED").andExpect(status().isCreated());
        fixture.scan(staff, qr, "A01", "PACKED")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invalid_transition"));
        fixture.scan(staff, qr, "A01", null)
                .andExpect(jsonPath("$.event.status").value("SCANNED_IN"));
        fixture.scan(staff, qr, "A02", "PACKED").andExpect(status().isCreated());
        fixture.scan(staff, qr, "A02", "PACKED").andExpect(status().isCreated());
        fixture.scan(staff, qr, "A02", "SCANNED_IN")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invalid_transition"));
        fixture.scan(staff, qr, "DOCK-1", "DISPATCHED").andExpect(status().isCreated());
        var delivered = fixture.scan(staff, qr, "DOCK-1", "DELIVERED").andExpect(status().isCreated());
        assertThat(FulfillmentFixture.statements(delivered)).isEqualTo(2);
        assertThat(fixture.status(qr)).isEqualTo("DELIVERED");
        assertThat(fixture.events(qr)).isEqualTo(6);
    }

    @Test
    void aDispatchedParentCarriesItsChildrenWhichCannotTravelAlone() throws Exception {
        String parent = FulfillmentFixture.parentCode();
        String child = FulfillmentFixture.childCode();
        fixture.scan(staff, parent, "A03", null).andExpect(status().isCreated());
        fixture.scan(staff, child, "A04", null).andExpect(status().isCreated());
        fixture.link(staff, parent, child).andExpect(status().isCreated());
        fixture.scan(staff, child, "A03", "DISPATCHED")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("travels_with_parent"));
        fixture.scan(staff, parent, "A03", "PACKED").andExpect(status().isCreated());
        fixture.scan(staff, parent, "DOCK-2", "DISPATCHED").andExpect(status().isCreated());
        assertThat(fixture.status(child)).isEqualTo("DISPATCHED");
        fixture.scan(staff, parent, "DOCK-2", "DELIVERED").andExpect(status().isCreated());
        assertThat(fixture.status(child)).isEqualTo("DELIVERED");
    }

    @Test
    void wrongKindsUnknownParcelsAndOrderMismatchesAreRefusedWithNothingWritten() throws Exception {
        String plain = "BAG" + FulfillmentFixture.parentCode().substring(3);
        long order = fixture.order();
        long otherOrder = fixture.order();
        fixture.scan(
                        staff,
                        Map.of(
                                "scanId",
                                FulfillmentFixture.scanId(),
                                "qr",
                                plain,
                                "area",
                                "A01",
                                "kind",
                                "PARENT",
                                "orderId",
                                order))
                .andExpect(status().isCreated());
        fixture.scan(staff, Map.of("scanId", FulfillmentFixture.scanId(), "qr", plain, "area", "A01", "kind", "CHILD"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_kind"));
        fixture.scan(
                        staff,
                        Map.of(
                                "scanId",
                                FulfillmentFixture.scanId(),
                                "qr",
                                plain,
                                "area",
                                "A01",
                                "kind",
                                "PARENT",
                                "orderId",
                                otherOrder))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("order_mismatch"));
        assertThat(fixture.events(plain)).isEqualTo(1);

        String unknown = FulfillmentFixture.childCode();
        fixture.scan(staff, unknown, "A01", "DISPATCHED").andExpect(status().isNotFound());
        assertThat(fixture.parcels(unknown)).isZero();
    }

    @Test
    void aScanNamingAnOrderThatDoesNotExistIsRefusedWithNothingWritten() throws Exception {
        String qr = FulfillmentFixture.childCode();
        fixture.scan(
                        staff,
                        Map.of(
                                "scanId",
                                FulfillmentFixture.scanId(),
                                "qr",
                                qr,
                                "area",
                                "A01",
                                "orderId",
                                Long.MAX_VALUE))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("unknown_order"));
        assertThat(fixture.parcels(qr)).isZero();
    }

    @Test
    void malformedScansAre400AndWriteNothing() throws Exception {
        String qr = FulfillmentFixture.childCode();
        Map<String, Map<String, Object>> cases = new HashMap<>();
        cases.put("lower-case code", Map.of("scanId", "scan-0001x", "qr", qr.toLowerCase(), "area", "A01"));
        cases.put("short code", Map.of("scanId", "scan-0001x", "qr", "C-1", "area", "A01"));
        cases.put("code with a space", Map.of("scanId", "scan-0001x", "qr", "C-12 345", "area", "A01"));
        cases.put("no prefix, no kind", Map.of("scanId", "scan-0001x", "qr", "BAG12345", "area", "A01"));
        cases.put("kind against prefix", Map.of("scanId", "scan-0001x", "qr", qr, "area", "A01", "kind", "PARENT"));
        cases.put("capacity for a child", Map.of("scanId", "scan-0001x", "qr", qr, "area", "A01", "capacity", 5));
        cases.put("bad area", Map.of("scanId", "scan-0001x", "qr", qr, "area", "a 1"));
        cases.put("bad status", Map.of("scanId", "scan-0001x", "qr", qr, "area", "A01", "status", "LOST"));
        cases.put("bad kind", Map.of("scanId", "scan-0001x", "qr", qr, "area", "A01", "kind", "BOX"));
        cases.put("short scan id", Map.of("scanId", "s1", "qr", qr, "area", "A01"));
        cases.put("no area", Map.of("scanId", "scan-0001x", "qr", qr));
        for (var entry : cases.entrySet()) {
            fixture.scan(staff, entry.getValue())
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
        mvc.perform(post("/api/v1/fulfillment/scans")
                        .header("Authorization", staff.bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"qr\": "))
                .andExpect(status().isBadRequest());
        assertThat(fixture.parcels(qr)).isZero();
        assertThat(fixture.parcels(qr.toLowerCase())).isZero();
    }

    @Test
    void onlyStaffAndAdminsMayScan() throws Exception {
        fixture.scan(fixture.user(Role.CUSTOMER), FulfillmentFixture.childCode(), "A01", null)
                .andExpect(status().isForbidden());
        fixture.scan(fixture.user(Role.ADMIN), FulfillmentFixture.childCode(), "A01", null)
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/fulfillment/scans")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scanId\":\"scan-0001x\",\"qr\":\"C-12345678\",\"area\":\"A01\"}"))
                .andExpect(status().isUnauthorized());
        fixture.get(fixture.user(Role.CUSTOMER), "/api/v1/fulfillment/stats").andExpect(status().isForbidden());
    }

    @Test
    void anAdminMakesAUserStaffAndTheRoleIsStored() throws Exception {
        User admin = fixture.user(Role.ADMIN);
        User customer = fixture.user(Role.CUSTOMER);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch(
                                "/api/v1/admin/users/" + customer.id() + "/role")
                        .header("Authorization", admin.bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"STAFF\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("STAFF"));
        assertThat(accounts.findById(customer.id()).orElseThrow().role()).isEqualTo(Role.STAFF);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch(
                                "/api/v1/admin/users/" + customer.id() + "/role")
                        .header("Authorization", fixture.user(Role.STAFF).bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"ADMIN\"}"))
                .andExpect(status().isForbidden());
    }
}
