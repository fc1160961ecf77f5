package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.fulfillment.FulfillmentFixture.User;
import dev.emporium.support.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class ParcelReadTests {

    private static final String PARCELS = "/api/v1/fulfillment/parcels";

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
    StatsService stats;

    FulfillmentFixture fixture;
    User staff;

    @BeforeEach
    void setUp() {
        FulfillmentFixture.ensureLoaded(loader);
        fixture = new FulfillmentFixture(mvc, json, accounts, tokens, jdbc);
        staff = fixture.user(Role.STAFF);
    }

    @Test
    void aGeneratedParentShowsItsChildCountAndLastScanInOneStatement() throws Exception {
        String parent = jdbc.sql("select qr from parcels where kind = 'PARENT' and child_count > 0 order by id limit 1")
                .query(String.class)
                .single();
        var result = fixture.get(staff, PARCELS + "/" + parent)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.qr").value(parent))
                .andExpect(jsonPath("$.kind").value("PARENT"))
                .andExpect(jsonPath("$.childCount").isNumber())
                .andExpect(jsonPath("$.lastScan.scannedAt").exists());
        assertThat(FulfillmentFixture.statements(result)).isEqualTo(1);
        fixture.get(staff, PARCELS + "/P-NOSUCHCODE").andExpect(status().isNotFound());
        fixture.get(staff, PARCELS + "/not-a-code").andExpect(status().isBadRequest());
    }

    @Test
    void aParentsChildrenListWalksByCursorWithoutGapsOrRepeats() throws Exception {
        String parent = jdbc.sql(
                        "select qr from parcels where kind = 'PARENT' and child_count >= 20 order by id limit 1")
                .query(String.class)
                .single();
        int expected = jdbc.sql("select child_count from parcels where qr = :qr")
                .param("qr", parent)
                .query(Integer.class)
                .single();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var result = fixture.get(
                            staff,
                            PARCELS + "?parent=" + parent + "&limit=7" + (cursor == null ? "" : "&cursor=" + cursor))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.total").value(expected))
                    .andExpect(jsonPath("$.totalExact").value(true));
            assertThat(FulfillmentFixture.statements(result)).isLessThanOrEqualTo(3);
            JsonNode page = fixture.read(result);
            page.get("items").forEach(item -> {
                assertThat(item.get("parentQr").asString()).isEqualTo(parent);
                assertThat(seen.add(item.get("qr").asString())).isTrue();
            });
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(expected);
        assertThat(pages).isEqualTo((expected + 6) / 7);
    }

    @Test
    void listsFilterByStatusAreaAndCreationTimeNewestFirst() throws Exception {
        Instant to = Instant.now();
        Instant from = to.minusSeconds(40 * 86_400);
        JsonNode page = fixture.read(
                fixture.get(staff, PARCELS + "?status=DELIVERED&area=A01&from=" + from + "&to=" + to + "&limit=50")
                        .andExpect(status().isOk()));
        assertThat(page.get("items").size()).isEqualTo(50);
        assertThat(page.get("totalExact").asBoolean()).isTrue();
        List<Instant> created = new ArrayList<>();
        page.get("items").forEach(item -> {
            assertThat(item.get("status").asString()).isEqualTo("DELIVERED");
            assertThat(item.get("area").asString()).isEqualTo("A01");
            created.add(Instant.parse(item.get("createdAt").asString()));
        });
        assertThat(created).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(created.getLast()).isAfterOrEqualTo(from);

        fixture.get(staff, PARCELS)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(50));
        fixture.get(staff, PARCELS + "?status=LOST").andExpect(status().isBadRequest());
        fixture.get(staff, PARCELS + "?area=a%201").andExpect(status().isBadRequest());
        fixture.get(staff, PARCELS + "?from=" + to + "&to=" + from).andExpect(status().isBadRequest());
        fixture.get(staff, PARCELS + "?cursor=garbage").andExpect(status().isBadRequest());
        fixture.get(staff, PARCELS + "?limit=501").andExpect(status().isBadRequest());
    }

    @Test
    void aParcelsHistoryIsNewestFirstAndPaged() throws Exception {
        String qr = FulfillmentFixture.parentCode();
        fixture.scan(staff, qr, "A01", null);
        fixture.scan(staff, qr, "A02", null);
        fixture.scan(staff, qr, "A03", "PACKED");
        var first = fixture.get(staff, PARCELS + "/" + qr + "/scans?limit=2")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.items[0].area").value("A03"))
                .andExpect(jsonPath("$.items[0].status").value("PACKED"))
                .andExpect(jsonPath("$.items[1].area").value("A02"));
        assertThat(FulfillmentFixture.statements(first)).isEqualTo(3);
        String cursor = fixture.read(first).get("nextCursor").asString();
        fixture.get(staff, PARCELS + "/" + qr + "/scans?limit=2&cursor=" + cursor)
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].action").value("CREATED"))
                .andExpect(jsonPath("$.nextCursor").isEmpty());
        fixture.get(staff, PARCELS + "/C-NOSUCHCODE/scans").andExpect(status().isNotFound());
    }

    @Test
    void statsComeFromTheRefreshedViewWithAsOfInOneStatement() throws Exception {
        String qr = FulfillmentFixture.childCode();
        fixture.scan(staff, Map.of("scanId", FulfillmentFixture.scanId(), "qr", qr, "area", "Z99"));
        Instant before = Instant.now().minusSeconds(1);
        assertThat(stats.refresh()).isTrue();
        var result = fixture.get(staff, "/api/v1/fulfillment/stats").andExpect(status().isOk());
        assertThat(FulfillmentFixture.statements(result)).isEqualTo(1);
        JsonNode body = fixture.read(result);
        assertThat(Instant.parse(body.get("asOf").asString())).isAfter(before);
        long total = 0;
        for (JsonNode s : body.get("byStatus")) {
            total += s.get("parcels").asLong();
        }
        Long parcels =
                jdbc.sql("select count(*) from parcels").query(Long.class).single();
        assertThat(total).isEqualTo(parcels);
        assertThat(body.get("byArea").toString()).contains("\"Z99\"");
        assertThat(body.get("scansLastHour").asLong()).isPositive();
        // "today" starts at UTC midnight: in the first hour of a day the last hour reaches into yesterday
        Instant midnight = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        if (Instant.now().minus(java.time.Duration.ofHours(1)).isAfter(midnight)) {
            assertThat(body.get("scansToday").asLong())
                    .isGreaterThanOrEqualTo(body.get("scansLastHour").asLong());
        }
        assertThat(body.get("busiestScanners").size()).isBetween(1, 10);
        fixture.get(fixture.user(Role.ADMIN), "/api/v1/fulfillment/stats").andExpect(status().isOk());
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @Test
    void refreshingTheStatsReadsNoLargeTableSequentially() {
        // other test classes add parcels and scans to the shared database: plan on current statistics
        jdbc.sql("analyze parcels, scan_events").update();
        Long sequential = transactions.execute(tx -> {
            assertThat(stats.refresh()).isTrue();
            return jdbc.sql("select coalesce(sum(seq_scan), 0) from pg_stat_xact_user_tables "
                            + "where relname in ('parcels', 'scan_events')")
                    .query(Long.class)
                    .single();
        });
        assertThat(sequential).isZero();
    }
}
