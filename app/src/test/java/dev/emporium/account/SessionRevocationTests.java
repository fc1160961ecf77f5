package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.platform.security.SessionRevocations;
import dev.emporium.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ending a session stops its access tokens on the very next request, not when they expire: logout, "log out
 * everywhere", a role change by an admin, and a replayed refresh token. Each token is used first, so it sits in
 * the verified-token cache when it is revoked: the revocation check must run on cached tokens too.
 */
@IntegrationTest
class SessionRevocationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    AccountService accounts;

    @Autowired
    SessionRevocations revocations;

    @Autowired
    JwtDecoder decoder;

    AuthClient client;

    @BeforeEach
    void setUp() {
        client = new AuthClient(mvc, json);
    }

    @Test
    void logoutRejectsTheSessionsAccessTokenAtOnceButNotTheUsersOtherSessions() throws Exception {
        String email = AuthClient.uniqueEmail();
        client.register(email);
        JsonNode first = client.login(email, AuthClient.PASSWORD);
        JsonNode second = client.login(email, AuthClient.PASSWORD);
        me(first).andExpect(status().isOk());
        me(second).andExpect(status().isOk());

        client.post(
                        "/api/v1/auth/logout",
                        Map.of("refreshToken", first.get("refreshToken").asString()))
                .andExpect(status().isNoContent());

        me(first).andExpect(status().isUnauthorized());
        me(second).andExpect(status().isOk());
        long sid = decoder.decode(second.get("accessToken").asString())
                .<Number>getClaim("sid")
                .longValue();
        assertThat(revocations.isRevoked(sid)).isFalse();
    }

    @Test
    void loggingOutEverywhereRejectsEveryAccessTokenOfTheUser() throws Exception {
        String email = AuthClient.uniqueEmail();
        client.register(email);
        JsonNode first = client.login(email, AuthClient.PASSWORD);
        JsonNode second = client.login(email, AuthClient.PASSWORD);
        me(first).andExpect(status().isOk());

        mvc.perform(delete("/api/v1/me/sessions").header("Authorization", bearer(second)))
                .andExpect(status().isNoContent());

        me(first).andExpect(status().isUnauthorized());
        me(second).andExpect(status().isUnauthorized());
    }

    @Test
    void demotedAdminsAccessTokenIsRejectedAtOnceAndTheNewLoginCarriesTheNewRole() throws Exception {
        String adminEmail = AuthClient.uniqueEmail();
        accounts.createUser(adminEmail, AuthClient.PASSWORD, "Admin", Role.ADMIN);
        JsonNode actor = client.login(adminEmail, AuthClient.PASSWORD);
        String email = AuthClient.uniqueEmail();
        long demotedId = accounts.createUser(email, AuthClient.PASSWORD, "Soon a customer", Role.ADMIN);
        JsonNode before = client.login(email, AuthClient.PASSWORD);
        audit(before).andExpect(status().isOk());

        mvc.perform(patch("/api/v1/admin/users/" + demotedId + "/role")
                        .header("Authorization", bearer(actor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"CUSTOMER\"}"))
                .andExpect(status().isOk());

        audit(before).andExpect(status().isUnauthorized());
        me(before).andExpect(status().isUnauthorized());
        JsonNode after = client.login(email, AuthClient.PASSWORD);
        me(after).andExpect(status().isOk());
        audit(after).andExpect(status().isForbidden());
    }

    @Test
    void promotionAlsoEndsTheSessionsMintedUnderTheOldRole() throws Exception {
        String adminEmail = AuthClient.uniqueEmail();
        accounts.createUser(adminEmail, AuthClient.PASSWORD, "Admin", Role.ADMIN);
        JsonNode actor = client.login(adminEmail, AuthClient.PASSWORD);
        String email = AuthClient.uniqueEmail();
        long customerId = client.register(email).get("id").asLong();
        JsonNode before = client.login(email, AuthClient.PASSWORD);
        me(before).andExpect(status().isOk());

        mvc.perform(patch("/api/v1/admin/users/" + customerId + "/role")
                        .header("Authorization", bearer(actor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"STAFF\"}"))
                .andExpect(status().isOk());

        me(before).andExpect(status().isUnauthorized());
    }

    private ResultActions me(JsonNode session) throws Exception {
        return mvc.perform(get("/api/v1/me").header("Authorization", bearer(session)));
    }

    private ResultActions audit(JsonNode session) throws Exception {
        return mvc.perform(get("/api/v1/admin/audit").header("Authorization", bearer(session)));
    }

    private static String bearer(JsonNode session) {
        return "Bearer " + session.get("accessToken").asString();
    }
}
