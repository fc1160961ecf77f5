package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.HandMadeTokens;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Only tokens this server signed with HS256, and that have not expired, open protected endpoints. */
@IntegrationTest
class AccessTokenTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    SecretKey tokenSigningKey;

    AuthClient client;
    long userId;
    String accessToken;

    @BeforeEach
    void setUp() throws Exception {
        client = new AuthClient(mvc, json);
        String email = AuthClient.uniqueEmail();
        userId = client.register(email).get("id").asLong();
        accessToken =
                client.login(email, AuthClient.PASSWORD).get("accessToken").asString();
    }

    @Test
    void issuedAccessTokenCarriesSubjectRoleSessionAndLifetime() throws Exception {
        JsonNode claims = json.readTree(HandMadeTokens.payload(accessToken));
        assertThat(claims.get("iss").asString()).isEqualTo(TestTokens.ISSUER);
        assertThat(claims.get("aud").toString()).contains(TestTokens.AUDIENCE);
        assertThat(claims.get("sub").asString()).isEqualTo(Long.toString(userId));
        assertThat(claims.get("role").asString()).isEqualTo("CUSTOMER");
        assertThat(claims.get("sid").asLong()).isPositive();
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
        me(accessToken).andExpect(status().isOk());
    }

    @Test
    void expiredTokenSignedWithTheRightKeyIsRejected() throws Exception {
        long past = Instant.now().minusSeconds(600).getEpochSecond();
        String expired = HandMadeTokens.hs256(tokenSigningKey.getEncoded(), claims("CUSTOMER", past - 300, past));
        rejected(me(expired));
    }

    @Test
    void tokenWhosePayloadWasEditedIsRejected() throws Exception {
        long now = Instant.now().getEpochSecond();
        String forged = HandMadeTokens.withPayload(accessToken, claims("ADMIN", now, now + 300));
        rejected(me(forged));
        rejected(mvc.perform(get("/api/v1/admin/audit").header("Authorization", "Bearer " + forged)));
    }

    @Test
    void unsignedAlgNoneTokenIsRejected() throws Exception {
        long now = Instant.now().getEpochSecond();
        String none = HandMadeTokens.unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims("ADMIN", now, now + 300));
        rejected(me(none));
    }

    @Test
    void tokenSignedWithAnotherKeyIsRejected() throws Exception {
        long now = Instant.now().getEpochSecond();
        byte[] otherKey = "a different key of at least 32 bytes!!".getBytes();
        rejected(me(HandMadeTokens.hs256(otherKey, claims("CUSTOMER", now, now + 300))));
    }

    @Test
    void missingTokenIsA401ProblemWithBearerChallenge() throws Exception {
        rejected(mvc.perform(get("/api/v1/me")));
        rejected(mvc.perform(get("/api/v1/admin/audit")));
    }

    @Test
    void customerIsForbiddenFromAdminEndpoints() throws Exception {
        mvc.perform(get("/api/v1/admin/audit").header("Authorization", "Bearer " + accessToken))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403));
        mvc.perform(patch("/api/v1/admin/users/" + userId + "/role")
                        .header("Authorization", "Bearer " + accessToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"ADMIN\"}"))
                .andExpect(status().isForbidden());
    }

    private String claims(String role, long issuedAt, long expiresAt) {
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":[\"" + TestTokens.AUDIENCE + "\"],\"sub\":\"" + userId
                + "\",\"role\":\"" + role + "\",\"sid\":1,\"iat\":" + issuedAt + ",\"exp\":" + expiresAt + "}";
    }

    private ResultActions me(String token) throws Exception {
        return mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token));
    }

    private static void rejected(ResultActions result) throws Exception {
        result.andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")))
                .andExpect(jsonPath("$.status").value(401));
    }
}
