package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Ending sessions: a replayed rotated refresh token, "log me out everywhere", and a role change. */
@IntegrationTest
class SessionFamilyTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder encoder;

    AuthClient client;

    @BeforeEach
    void setUp() {
        client = new AuthClient(mvc, json);
    }

    @Test
    void replayingARotatedTokenAfterTheGracePeriodRevokesTheWholeSessionAndIsAudited() throws Exception {
        String email = AuthClient.uniqueEmail();
        long userId = client.register(email).get("id").asLong();
        String stolen =
                client.login(email, AuthClient.PASSWORD).get("refreshToken").asString();
        String current = client.read(client.refresh(stolen).andExpect(status().isOk()))
                .get("refreshToken")
                .asString();
        Thread.sleep(2_200);
        client.refresh(stolen).andExpect(status().isUnauthorized());
        client.refresh(current).andExpect(status().isUnauthorized());
        assertThat(events(userId, "REFRESH_TOKEN_REUSED")).isEqualTo(1);
    }

    @Test
    void aClientsOwnRetryWithinTheGracePeriodOnlyFails() throws Exception {
        String first = client.newCustomerSession().get("refreshToken").asString();
        String second = client.read(client.refresh(first).andExpect(status().isOk()))
                .get("refreshToken")
                .asString();
        client.refresh(first).andExpect(status().isUnauthorized());
        client.refresh(second).andExpect(status().isOk());
    }

    @Test
    void aUserCanEndAllTheirSessionsAtOnce() throws Exception {
        String email = AuthClient.uniqueEmail();
        long userId = client.register(email).get("id").asLong();
        JsonNode laptop = client.login(email, AuthClient.PASSWORD);
        JsonNode phone = client.login(email, AuthClient.PASSWORD);
        mvc.perform(delete("/api/v1/me/sessions")
                        .header(
                                "Authorization",
                                "Bearer " + laptop.get("accessToken").asString()))
                .andExpect(status().isNoContent());
        client.refresh(laptop.get("refreshToken").asString()).andExpect(status().isUnauthorized());
        client.refresh(phone.get("refreshToken").asString()).andExpect(status().isUnauthorized());
        assertThat(events(userId, "SESSIONS_REVOKED")).isEqualTo(1);
    }

    @Test
    void aRoleChangeEndsEverySessionOfTheUser() throws Exception {
        String email = AuthClient.uniqueEmail();
        long userId = client.register(email).get("id").asLong();
        String refresh =
                client.login(email, AuthClient.PASSWORD).get("refreshToken").asString();
        mvc.perform(patch("/api/v1/admin/users/" + userId + "/role")
                        .header("Authorization", TestTokens.bearer(encoder, userId + 1_000_000, "ADMIN"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"ADMIN\"}"))
                .andExpect(status().isOk());
        client.refresh(refresh).andExpect(status().isUnauthorized());
    }

    private long events(long userId, String event) {
        return jdbc.sql("select count(*) from audit_log where user_id = :u and event = :e")
                .param("u", userId)
                .param("e", event)
                .query(Long.class)
                .single();
    }
}
