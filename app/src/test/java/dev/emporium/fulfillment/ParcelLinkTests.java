package dev.emporium.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.fulfillment.FulfillmentFixture.User;
import dev.emporium.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class ParcelLinkTests {

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

    private String parent(int capacity) throws Exception {
        String qr = FulfillmentFixture.parentCode();
        fixture.scan(
                        staff,
                        Map.of("scanId", FulfillmentFixture.scanId(), "qr", qr, "area", "A05", "capacity", capacity))
                .andExpect(status().isCreated());
        return qr;
    }

    private String child() throws Exception {
        String qr = FulfillmentFixture.childCode();
        fixture.scan(staff, qr, "A06", null).andExpect(status().isCreated());
        return qr;
    }

    @Test
    void linkingPacksTheChildInOneStatementAndALinkRepeatedChangesNothing() throws Exception {
        String parent = parent(3);
        String child = child();
        var linked = fixture.link(staff, parent, child)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.childStatus").value("PACKED"))
                .andExpect(jsonPath("$.childCount").value(1))
                .andExpect(jsonPath("$.capacity").value(3))
                .andExpect(jsonPath("$.event.action").value("LINKED"))
                .andExpect(jsonPath("$.event.area").value("A05"));
        assertThat(FulfillmentFixture.statements(linked)).isEqualTo(1);
        fixture.link(staff, parent, child)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.childCount").value(1))
                .andExpect(jsonPath("$.event").doesNotExist());
        fixture.get(staff, "/api/v1/fulfillment/parcels/" + child)
                .andExpect(jsonPath("$.parentQr").value(parent))
                .andExpect(jsonPath("$.status").value("PACKED"))
                .andExpect(jsonPath("$.lastScan.action").value("LINKED"));
        fixture.get(staff, "/api/v1/fulfillment/parcels/" + parent)
                .andExpect(jsonPath("$.childCount").value(1));
        assertThat(fixture.events(child)).isEqualTo(2);
    }

    @Test
    void everyRuleViolationIs409WithItsCodeAndWritesNothing() throws Exception {
        String full = parent(1);
        fixture.link(staff, full, child()).andExpect(status().isCreated());
        String spare = child();
        fixture.link(staff, full, spare)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("parent_full"))
                .andExpect(jsonPath("$.capacity").value(1));

        String other = parent(5);
        String taken = child();
        fixture.link(staff, other, taken).andExpect(status().isCreated());
        fixture.link(staff, parent(5), taken)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_linked"));

        fixture.link(staff, other, other)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("cycle"));
        fixture.link(staff, other, parent(5))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_kind"));
        fixture.link(staff, spare, child())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_kind"));

        String gone = parent(5);
        fixture.scan(staff, gone, "A05", "PACKED").andExpect(status().isCreated());
        fixture.scan(staff, gone, "DOCK-1", "DISPATCHED").andExpect(status().isCreated());
        fixture.link(staff, gone, spare)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("parent_closed"));

        fixture.link(staff, other, FulfillmentFixture.childCode()).andExpect(status().isNotFound());
        fixture.link(staff, FulfillmentFixture.parentCode(), spare).andExpect(status().isNotFound());
        fixture.link(staff, "p-lowercase", spare).andExpect(status().isBadRequest());

        assertThat(fixture.events(spare)).isEqualTo(1);
        assertThat(fixture.status(spare)).isEqualTo("SCANNED_IN");
        fixture.get(staff, "/api/v1/fulfillment/parcels/" + full)
                .andExpect(jsonPath("$.childCount").value(1));
        fixture.get(staff, "/api/v1/fulfillment/parcels/" + other)
                .andExpect(jsonPath("$.childCount").value(1));
        fixture.get(staff, "/api/v1/fulfillment/parcels/" + gone)
                .andExpect(jsonPath("$.childCount").value(0));
    }

    @Test
    void customersMayNotLink() throws Exception {
        fixture.link(fixture.user(Role.CUSTOMER), parent(2), child()).andExpect(status().isForbidden());
    }
}
