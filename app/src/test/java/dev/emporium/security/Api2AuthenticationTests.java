package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.HandMadeTokens;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API2:2023, broken authentication: the attacks on the bearer token. Each token below is aimed at
 * an ADMIN route and at the caller's profile and must get a 401 problem with a Bearer challenge: unsigned,
 * signed with RSA (a key the service does not hold), HMAC-signed under an {@code RS256} header (algorithm
 * confusion), HMAC-signed with an RSA public key as the secret (the classic confusion), expired, not yet
 * valid, from another issuer or for another audience (or with neither), with claims edited after signing,
 * or carrying a key of its own in the header. Tokens of users who no longer exist open nothing.
 */
@IntegrationTest
class Api2AuthenticationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    @Autowired
    SecretKey tokenSigningKey;

    SecurityFixture fixture;
    User customer;
    long now;

    @BeforeEach
    void setUp() {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        customer = fixture.customer();
        now = Instant.now().getEpochSecond();
    }

    @Test
    void theApplicationsOwnTokenIsAcceptedSoTheRejectionsBelowAreAboutTheAttack() throws Exception {
        String token = HandMadeTokens.hs256(tokenSigningKey.getEncoded(), claims("CUSTOMER", now, now + 300));
        assertThat(status("/api/v1/me", token)).isEqualTo(200);
        String admin = fixture.admin().bearer().substring("Bearer ".length());
        assertThat(status("/api/v1/admin/audit", admin)).isEqualTo(200);
    }

    @Test
    void unsignedTokensAreRejectedWhateverTheSpellingOfNone() throws Exception {
        for (String alg : new String[] {"none", "None", "NONE", "nOnE", ""}) {
            String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
            rejected(HandMadeTokens.unsigned(header, claims("ADMIN", now, now + 300)));
        }
    }

    @Test
    void aTokenSignedWithAnRsaKeyTheServiceDoesNotHoldIsRejected() throws Exception {
        KeyPair pair = rsa();
        rejected(HandMadeTokens.rs256(pair.getPrivate(), claims("ADMIN", now, now + 300)));
    }

    @Test
    void algorithmConfusionIsRejected() throws Exception {
        KeyPair pair = rsa();
        byte[] publicKey = pair.getPublic().getEncoded();
        byte[] publicPem = ("-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(publicKey) + "\n-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
        String payload = claims("ADMIN", now, now + 300);
        rejected(HandMadeTokens.hs256(publicKey, payload));
        rejected(HandMadeTokens.hs256(publicPem, payload));
        // the right secret, but the header names an algorithm the decoder does not accept
        rejected(HandMadeTokens.signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", tokenSigningKey.getEncoded(), payload));
        rejected(HandMadeTokens.signed("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", tokenSigningKey.getEncoded(), payload));
    }

    @Test
    void aKeyOrKeyUrlCarriedInTheTokenIsNeverTrusted() throws Exception {
        byte[] attackerKey = "an attacker's own key of at least 32 bytes".getBytes(StandardCharsets.US_ASCII);
        String jwk = "{\"kty\":\"oct\",\"k\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(attackerKey) + "\"}";
        String payload = claims("ADMIN", now, now + 300);
        rejected(HandMadeTokens.signed("{\"alg\":\"HS256\",\"jwk\":" + jwk + "}", attackerKey, payload));
        rejected(HandMadeTokens.signed(
                "{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1:9/keys.json\",\"kid\":\"k1\"}", attackerKey, payload));
        rejected(HandMadeTokens.signed("{\"alg\":\"HS256\",\"kid\":\"../../../../dev/null\"}", attackerKey, payload));
    }

    @Test
    void expiredAndNotYetValidTokensAreRejected() throws Exception {
        byte[] key = tokenSigningKey.getEncoded();
        rejected(HandMadeTokens.hs256(key, claims("CUSTOMER", now - 900, now - 600)));
        String notYet = claims("CUSTOMER", now, now + 900).replace("}", ",\"nbf\":" + (now + 600) + "}");
        rejected(HandMadeTokens.hs256(key, notYet));
    }

    @Test
    void aTokenFromAnotherIssuerOrForAnotherAudienceIsRejectedThoughSignedWithTheRightKey() throws Exception {
        byte[] key = tokenSigningKey.getEncoded();
        String base = claims("CUSTOMER", now, now + 300);
        rejected(HandMadeTokens.hs256(key, base.replace("\"iss\":\"" + TestTokens.ISSUER + "\"", "\"iss\":\"other\"")));
        rejected(HandMadeTokens.hs256(
                key, base.replace("\"aud\":[\"" + TestTokens.AUDIENCE + "\"]", "\"aud\":[\"another-api\"]")));
        rejected(HandMadeTokens.hs256(key, base.replace("\"iss\":\"" + TestTokens.ISSUER + "\",", "")));
        rejected(HandMadeTokens.hs256(key, base.replace("\"aud\":[\"" + TestTokens.AUDIENCE + "\"],", "")));
    }

    @Test
    void claimsEditedAfterSigningAreRejected() throws Exception {
        String genuine = customer.bearer().substring("Bearer ".length());
        User other = fixture.customer();
        rejected(HandMadeTokens.withPayload(genuine, claims("ADMIN", now, now + 300)));
        rejected(HandMadeTokens.withPayload(
                genuine,
                claims("CUSTOMER", now, now + 300).replace("\"" + customer.id() + "\"", "\"" + other.id() + "\"")));
        rejected(HandMadeTokens.withPayload(genuine, claims("CUSTOMER", now, now + 86_400)));
        String[] parts = genuine.split("\\.");
        rejected(parts[0] + "." + parts[1] + ".");
        rejected(parts[0] + "." + parts[1]);
        rejected(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA");
        rejected("not-a-jwt");
    }

    @Test
    void aRefreshTokenIsNotAnAccessTokenAndTheTokenIsNotTakenFromTheQuery() throws Exception {
        String email = "api2-" + java.util.UUID.randomUUID() + "@example.test";
        String password = "a long enough passphrase";
        mvc.perform(post("/api/v1/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("email", email, "password", password, "name", "Api Two"))));
        var session = json.readTree(mvc.perform(post("/api/v1/auth/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("email", email, "password", password))))
                .andReturn()
                .getResponse()
                .getContentAsString());
        rejected(session.get("refreshToken").asString());

        MockHttpServletResponse asRefresh = mvc.perform(post("/api/v1/auth/refresh")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of(
                                "refreshToken", session.get("accessToken").asString()))))
                .andReturn()
                .getResponse();
        assertThat(asRefresh.getStatus()).isEqualTo(401);

        MockHttpServletResponse inQuery = mvc.perform(get("/api/v1/me")
                        .queryParam("access_token", session.get("accessToken").asString()))
                .andReturn()
                .getResponse();
        assertThat(inQuery.getStatus()).isEqualTo(401);
    }

    /**
     * A token outliving its user opens nothing of anyone's: the deleted customer's id resolves to no profile
     * and no wallet. (Demotion taking effect on access tokens already issued belongs to the revocation work.)
     */
    @Test
    void theTokenOfADeletedUserReachesNoData() throws Exception {
        User gone = fixture.customer();
        jdbc.sql("delete from audit_log where user_id = :id")
                .param("id", gone.id())
                .update();
        jdbc.sql("delete from wallet_accounts where owner_id = :id")
                .param("id", gone.id())
                .update();
        assertThat(jdbc.sql("delete from users where id = :id")
                        .param("id", gone.id())
                        .update())
                .isEqualTo(1);

        for (String path : new String[] {"/api/v1/me", "/api/v1/wallet", "/api/v1/wallet/limits"}) {
            MockHttpServletResponse response = mvc.perform(get(path).header("Authorization", gone.bearer()))
                    .andReturn()
                    .getResponse();
            assertThat(response.getStatus()).as(path).isEqualTo(404);
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        String orders = mvc.perform(get("/api/v1/orders").header("Authorization", gone.bearer()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(json.readTree(orders).get("items")).isEmpty();
    }

    private String claims(String role, long issuedAt, long expiresAt) {
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":[\"" + TestTokens.AUDIENCE + "\"],\"sub\":\""
                + customer.id() + "\",\"role\":\"" + role + "\",\"sid\":0,\"iat\":" + issuedAt + ",\"exp\":"
                + expiresAt + "}";
    }

    private int status(String path, String token) throws Exception {
        return mvc.perform(get(path).header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse()
                .getStatus();
    }

    /** 401, problem+json and a Bearer challenge, both on the caller's profile and on an ADMIN route. */
    private void rejected(String token) throws Exception {
        for (String path : new String[] {"/api/v1/me", "/api/v1/admin/audit"}) {
            MockHttpServletResponse response = mvc.perform(get(path).header("Authorization", "Bearer " + token))
                    .andReturn()
                    .getResponse();
            assertThat(response.getStatus()).as(path + " with " + token).isEqualTo(401);
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.getContentAsString())
                    .doesNotContain("Exception")
                    .doesNotContain("nimbus");
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
