package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class AuthControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    AuthClient client;

    @BeforeEach
    void setUp() {
        client = new AuthClient(mvc, json);
    }

    @Test
    void registeredCustomerLogsInAndReadsOwnProfile() throws Exception {
        String email = AuthClient.uniqueEmail();
        JsonNode user = client.register(email);
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("role").asString()).isEqualTo("CUSTOMER");
        assertThat(user.has("passwordHash")).isFalse();
        assertThat(user.toString()).doesNotContain("$2a$").doesNotContain(AuthClient.PASSWORD);

        JsonNode tokens = client.login(email.toUpperCase(), AuthClient.PASSWORD);
        assertThat(tokens.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expiresIn").asLong()).isEqualTo(300);
        assertThat(tokens.get("refreshToken").asString()).isNotBlank();

        mvc.perform(get("/api/v1/me")
                        .header(
                                "Authorization",
                                "Bearer " + tokens.get("accessToken").asString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(user.get("id").asLong()))
                .andExpect(jsonPath("$.email").value(email))
                .andExpect(jsonPath("$.name").value("Test User"))
                .andExpect(jsonPath("$.role").value("CUSTOMER"))
                .andExpect(jsonPath("$.createdAt")
                        .value(org.hamcrest.Matchers.matchesPattern(
                                "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z")));
        assertThat(auditEvents(user.get("id").asLong())).contains("REGISTERED", "LOGIN_SUCCEEDED");
    }

    @Test
    void registeringATakenEmailInAnyCaseIsAConflict() throws Exception {
        String email = AuthClient.uniqueEmail();
        client.register(email);
        client.post(
                        "/api/v1/auth/register",
                        Map.of("email", email.toUpperCase(), "password", AuthClient.PASSWORD, "name", "Copycat"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(409));
    }

    @Test
    void invalidRegistrationNamesEveryBadField() throws Exception {
        client.post("/api/v1/auth/register", Map.of("email", "not-an-email", "password", "short", "name", ""))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.email").isNotEmpty())
                .andExpect(jsonPath("$.errors.password").isNotEmpty())
                .andExpect(jsonPath("$.errors.name").isNotEmpty());
        client.post(
                        "/api/v1/auth/register",
                        Map.of("email", AuthClient.uniqueEmail(), "password", "x".repeat(129), "name", "n".repeat(101)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.password").isNotEmpty())
                .andExpect(jsonPath("$.errors.name").isNotEmpty());
    }

    @Test
    void passwordsLongerThanBcryptsInputStillCountEveryCharacter() throws Exception {
        String email = AuthClient.uniqueEmail();
        String password = "é".repeat(100) + "end";
        client.post("/api/v1/auth/register", Map.of("email", email, "password", password, "name", "Long"))
                .andExpect(status().isCreated());
        client.login(email, password);
        client.post("/api/v1/auth/login", Map.of("email", email, "password", "é".repeat(100) + "eNd"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401AndAreAudited() throws Exception {
        String email = AuthClient.uniqueEmail();
        long id = client.register(email).get("id").asLong();

        JsonNode wrongPassword =
                client.read(client.post("/api/v1/auth/login", Map.of("email", email, "password", "wrong password!"))
                        .andExpect(status().isUnauthorized())
                        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON)));
        String unknown = AuthClient.uniqueEmail();
        JsonNode unknownEmail =
                client.read(client.post("/api/v1/auth/login", Map.of("email", unknown, "password", "wrong password!"))
                        .andExpect(status().isUnauthorized()));

        assertThat(wrongPassword.get("detail")).isEqualTo(unknownEmail.get("detail"));
        assertThat(auditEvents(id)).contains("LOGIN_FAILED").doesNotContain("LOGIN_SUCCEEDED");
        assertThat(jdbc.sql("select remote_addr from audit_log where event = 'LOGIN_FAILED' and email = :email")
                        .param("email", unknown)
                        .query(String.class)
                        .single())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void refreshRotatesTheTokenAndTheOldOneStopsWorking() throws Exception {
        JsonNode first = client.newCustomerSession();
        String original = first.get("refreshToken").asString();

        JsonNode second = client.read(client.refresh(original).andExpect(status().isOk()));
        String rotated = second.get("refreshToken").asString();
        assertThat(rotated).isNotEqualTo(original);

        client.refresh(original)
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        client.refresh(rotated).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me")
                        .header(
                                "Authorization",
                                "Bearer " + second.get("accessToken").asString()))
                .andExpect(status().isOk());
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() throws Exception {
        String refreshToken = client.newCustomerSession().get("refreshToken").asString();
        long matching = jdbc.sql("select count(*) from sessions where refresh_token_hash = :hash")
                .param("hash", TokenIssuer.hash(refreshToken))
                .query(Long.class)
                .single();
        long plain = jdbc.sql("select count(*) from sessions where encode(refresh_token_hash, 'escape') = :token")
                .param("token", refreshToken)
                .query(Long.class)
                .single();
        assertThat(matching).isEqualTo(1);
        assertThat(plain).isZero();
    }

    @Test
    void logoutRevokesTheSessionAndIsIdempotent() throws Exception {
        String refreshToken = client.newCustomerSession().get("refreshToken").asString();
        client.post("/api/v1/auth/logout", Map.of("refreshToken", refreshToken)).andExpect(status().isNoContent());
        client.post("/api/v1/auth/logout", Map.of("refreshToken", refreshToken)).andExpect(status().isNoContent());
        client.post("/api/v1/auth/logout", Map.of("refreshToken", "never-issued"))
                .andExpect(status().isNoContent());
        client.refresh(refreshToken).andExpect(status().isUnauthorized());
        assertThat(jdbc.sql("select count(*) from audit_log where event = 'LOGOUT' and user_id = "
                                + "(select user_id from sessions where refresh_token_hash = :hash)")
                        .param("hash", TokenIssuer.hash(refreshToken))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void sessionIdleLongerThanTheIdleTimeoutCannotRefresh() throws Exception {
        String refreshToken = client.newCustomerSession().get("refreshToken").asString();
        jdbc.sql("update sessions set last_used_at = now() - interval '29 minutes' where refresh_token_hash = :hash")
                .param("hash", TokenIssuer.hash(refreshToken))
                .update();
        String rotated = client.read(client.refresh(refreshToken).andExpect(status().isOk()))
                .get("refreshToken")
                .asString();

        jdbc.sql("update sessions set last_used_at = now() - interval '31 minutes' where refresh_token_hash = :hash")
                .param("hash", TokenIssuer.hash(rotated))
                .update();
        client.refresh(rotated).andExpect(status().isUnauthorized());
    }

    @Test
    void sessionPastItsAbsoluteExpiryCannotRefreshHoweverActive() throws Exception {
        String refreshToken = client.newCustomerSession().get("refreshToken").asString();
        long lifetimeHours = jdbc.sql("select round(extract(epoch from expires_at - created_at) / 3600) "
                        + "from sessions where refresh_token_hash = :hash")
                .param("hash", TokenIssuer.hash(refreshToken))
                .query(Long.class)
                .single();
        assertThat(lifetimeHours).isEqualTo(12);

        jdbc.sql("update sessions set expires_at = now() - interval '1 second', last_used_at = now() "
                        + "where refresh_token_hash = :hash")
                .param("hash", TokenIssuer.hash(refreshToken))
                .update();
        client.refresh(refreshToken).andExpect(status().isUnauthorized());
    }

    @Test
    void unknownRefreshTokenIsUnauthorizedAndBlankIsInvalid() throws Exception {
        client.refresh("not-a-token-we-issued").andExpect(status().isUnauthorized());
        client.refresh("")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.refreshToken").isNotEmpty());
    }

    private java.util.List<String> auditEvents(long userId) {
        return jdbc.sql("select event from audit_log where user_id = :id order by id")
                .param("id", userId)
                .query(String.class)
                .list();
    }
}
