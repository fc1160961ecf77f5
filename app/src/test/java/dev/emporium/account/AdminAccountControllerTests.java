package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class AdminAccountControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    AdminBootstrap bootstrap;

    AuthClient client;
    long adminId;
    String adminToken;

    @BeforeEach
    void setUp() throws Exception {
        client = new AuthClient(mvc, json);
        String email = AuthClient.uniqueEmail();
        adminId = accounts.createUser(email, AuthClient.PASSWORD, "Admin", Role.ADMIN);
        adminToken = client.login(email, AuthClient.PASSWORD).get("accessToken").asString();
    }

    @Test
    void configuredAdminIsCreatedOnceAndAudited() throws Exception {
        String email = AuthClient.uniqueEmail();
        bootstrap.bootstrap(new AdminProperties(email, "first admin password"));
        bootstrap.bootstrap(new AdminProperties(email, "a different password"));

        Account admin = accounts.findByEmail(email).orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(jdbc.sql("select count(*) from audit_log where event = 'ADMIN_CREATED' and user_id = :id")
                        .param("id", admin.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        client.login(email, "first admin password");
        client.post("/api/v1/auth/login", java.util.Map.of("email", email, "password", "a different password"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void noAdminIsCreatedWithoutConfigurationAndAnEmailWithoutPasswordStopsStartUp() {
        long before = jdbc.sql("select count(*) from users").query(Long.class).single();
        bootstrap.bootstrap(new AdminProperties(null, null));
        bootstrap.bootstrap(new AdminProperties("", "ignored password"));
        assertThat(jdbc.sql("select count(*) from users").query(Long.class).single())
                .isEqualTo(before);

        assertThatThrownBy(() -> bootstrap.bootstrap(new AdminProperties(AuthClient.uniqueEmail(), null)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> bootstrap.bootstrap(new AdminProperties(AuthClient.uniqueEmail(), "short")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new AdminProperties("a@b.c", "secret password").toString()).doesNotContain("secret");
    }

    @Test
    void existingCustomerWithTheAdminEmailIsNotPromoted() throws Exception {
        String email = AuthClient.uniqueEmail();
        client.register(email);
        bootstrap.bootstrap(new AdminProperties(email, "first admin password"));
        assertThat(accounts.findByEmail(email).orElseThrow().role()).isEqualTo(Role.CUSTOMER);
        client.login(email, AuthClient.PASSWORD);
    }

    @Test
    void adminPromotesACustomerTheChangeIsAuditedEndsTheirSessionsAndReachesTheirNextLogin() throws Exception {
        String email = AuthClient.uniqueEmail();
        long customerId = client.register(email).get("id").asLong();
        String refreshToken =
                client.login(email, AuthClient.PASSWORD).get("refreshToken").asString();

        changeRole(customerId, "ADMIN", adminToken)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(customerId))
                .andExpect(jsonPath("$.role").value("ADMIN"));

        JsonNode detail = json.readTree(
                jdbc.sql("""
                        select detail::text from audit_log
                         where event = 'ROLE_CHANGED' and user_id = :id
                        """).param("id", customerId).query(String.class).single());
        assertThat(detail.get("from").asString()).isEqualTo("CUSTOMER");
        assertThat(detail.get("to").asString()).isEqualTo("ADMIN");
        assertThat(detail.get("by").asLong()).isEqualTo(adminId);

        client.refresh(refreshToken).andExpect(status().isUnauthorized());
        String promoted =
                client.login(email, AuthClient.PASSWORD).get("accessToken").asString();
        mvc.perform(get("/api/v1/admin/audit").header("Authorization", "Bearer " + promoted))
                .andExpect(status().isOk());
    }

    @Test
    void roleChangesRejectUnknownUsersUnknownRolesAndSelfChange() throws Exception {
        changeRole(Long.MAX_VALUE, "ADMIN", adminToken).andExpect(status().isNotFound());
        changeRole(adminId, "CUSTOMER", adminToken).andExpect(status().isConflict());
        changeRole(adminId, "ROOT", adminToken).andExpect(status().isBadRequest());
        mvc.perform(patch("/api/v1/admin/users/" + adminId + "/role")
                        .header("Authorization", "Bearer " + adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.role").isNotEmpty());
    }

    @Test
    void auditLogPagesNewestFirstByCursorWithoutGapsOrRepeats() throws Exception {
        for (int i = 0; i < 3; i++) {
            client.post("/api/v1/auth/login", java.util.Map.of("email", AuthClient.uniqueEmail(), "password", "nope"));
        }
        JsonNode first = audit("?limit=2");
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("limit").asInt()).isEqualTo(2);
        assertThat(first.get("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(first.get("totalExact").asBoolean()).isTrue();
        assertThat(first.get("items").get(0).get("event").asString()).isEqualTo("LOGIN_FAILED");
        assertThat(first.get("items").get(0).get("detail").isObject()).isTrue();

        List<Long> ids = new ArrayList<>();
        first.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        JsonNode second = audit("?limit=2&cursor=" + first.get("nextCursor").asString());
        second.get("items").forEach(item -> ids.add(item.get("id").asLong()));

        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        Set<Long> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSize(4);
        assertThat(ids.get(2))
                .isEqualTo(jdbc.sql("select max(id) from audit_log where id < :id")
                        .param("id", ids.get(1))
                        .query(Long.class)
                        .single());
    }

    @Test
    void auditLogRejectsBadLimitsAndCursors() throws Exception {
        for (String query : List.of("?limit=0", "?limit=501", "?cursor=abc", "?cursor=-5")) {
            mvc.perform(get("/api/v1/admin/audit" + query).header("Authorization", "Bearer " + adminToken))
                    .andExpect(status().isBadRequest());
        }
    }

    private JsonNode audit(String query) throws Exception {
        return client.read(
                mvc.perform(get("/api/v1/admin/audit" + query).header("Authorization", "Bearer " + adminToken))
                        .andExpect(status().isOk()));
    }

    private ResultActions changeRole(long userId, String role, String token) throws Exception {
        return mvc.perform(patch("/api/v1/admin/users/" + userId + "/role")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"" + role + "\"}"));
    }
}
