package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API1:2023, broken object-level authorisation. Every resource a customer owns (orders, wallet
 * transfers and history, the profile, sessions) is named by an id the attacker can guess or has seen;
 * another customer asking for it, or acting on it, gets the same 404 as for an id that does not exist
 * (never a 403, which would confirm the id), and nothing of the owner's changes.
 */
@IntegrationTest
class Api1ObjectLevelAuthorisationTests {

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

    SecurityFixture fixture;
    User owner;
    User attacker;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        owner = fixture.customer();
        attacker = fixture.customer();
        fixture.deposit(owner, 100_000);
        fixture.deposit(attacker, 100_000);
    }

    @Test
    void anotherCustomersOrderIsNotFoundForReadingAndCancelling() throws Exception {
        long product = fixture.product(1_000, 10);
        long orderId = fixture.order(owner, product, 2).get("id").asLong();
        long ownerBalance = fixture.balance(owner);

        assertSameNotFound(get("/api/v1/orders/" + orderId), get("/api/v1/orders/" + Long.MAX_VALUE));
        assertSameNotFound(
                post("/api/v1/orders/" + orderId + "/cancel"), post("/api/v1/orders/" + Long.MAX_VALUE + "/cancel"));

        JsonNode still = read(mvc.perform(get("/api/v1/orders/" + orderId).header("Authorization", owner.bearer()))
                .andReturn()
                .getResponse());
        assertThat(still.get("status").asString()).isEqualTo("PLACED");
        assertThat(fixture.stock(product)).isEqualTo(8);
        assertThat(fixture.balance(owner)).isEqualTo(ownerBalance);
    }

    @Test
    void anotherCustomersOrdersNeverAppearInTheAttackersList() throws Exception {
        long product = fixture.product(500, 10);
        long orderId = fixture.order(owner, product, 1).get("id").asLong();
        fixture.order(attacker, product, 1);

        JsonNode page = read(mvc.perform(get("/api/v1/orders").header("Authorization", attacker.bearer()))
                .andReturn()
                .getResponse());
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("id").asLong()).isNotEqualTo(orderId);
    }

    @Test
    void aTransferIsVisibleToItsTwoPartiesOnly() throws Exception {
        User recipient = fixture.customer();
        long transferId = fixture.transfer(owner, recipient, 2_500).get("id").asLong();

        for (User party : new User[] {owner, recipient}) {
            assertThat(mvc.perform(get("/api/v1/wallet/transfers/" + transferId)
                                    .header("Authorization", party.bearer()))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(200);
        }
        assertSameNotFound(
                get("/api/v1/wallet/transfers/" + transferId), get("/api/v1/wallet/transfers/" + Long.MAX_VALUE));

        JsonNode history =
                read(mvc.perform(get("/api/v1/wallet/transactions").header("Authorization", attacker.bearer()))
                        .andReturn()
                        .getResponse());
        for (JsonNode line : history.get("items")) {
            assertThat(line.toString()).doesNotContain(owner.email()).doesNotContain(recipient.email());
            assertThat(line.path("transferId").asLong()).isNotEqualTo(transferId);
        }
    }

    @Test
    void theWalletAndProfileEndpointsAnswerOnlyTheCallersOwn() throws Exception {
        JsonNode wallet = read(mvc.perform(get("/api/v1/wallet").header("Authorization", attacker.bearer()))
                .andReturn()
                .getResponse());
        assertThat(wallet.get("accountId").asLong()).isEqualTo(fixture.walletAccount(attacker));
        JsonNode me = read(mvc.perform(get("/api/v1/me").header("Authorization", attacker.bearer()))
                .andReturn()
                .getResponse());
        assertThat(me.get("id").asLong()).isEqualTo(attacker.id());
        assertThat(me.toString()).doesNotContain(owner.email());
    }

    @Test
    void endingOnesOwnSessionsLeavesAnotherCustomersSessionsAlive() throws Exception {
        String victim = "bola-" + UUID.randomUUID() + "@example.test";
        String password = "a long enough passphrase";
        mvc.perform(post("/api/v1/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("email", victim, "password", password, "name", "Victim"))));
        JsonNode session = read(mvc.perform(post("/api/v1/auth/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("email", victim, "password", password))))
                .andReturn()
                .getResponse());

        int ended = mvc.perform(delete("/api/v1/me/sessions").header("Authorization", attacker.bearer()))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(ended).isEqualTo(204);

        MockHttpServletResponse refreshed = mvc.perform(post("/api/v1/auth/refresh")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of(
                                "refreshToken", session.get("refreshToken").asString()))))
                .andReturn()
                .getResponse();
        assertThat(refreshed.getStatus())
                .as("the victim's session survives the attacker's sign-out-everywhere")
                .isEqualTo(200);
    }

    /**
     * The attacker's request for the owner's object answers exactly as a request for an id that does not
     * exist: 404, problem+json, the same title and the same shape of detail.
     */
    private void assertSameNotFound(MockHttpServletRequestBuilder theirs, MockHttpServletRequestBuilder missing)
            throws Exception {
        MockHttpServletResponse forOwned = mvc.perform(theirs.header("Authorization", attacker.bearer()))
                .andReturn()
                .getResponse();
        MockHttpServletResponse forMissing = mvc.perform(missing.header("Authorization", attacker.bearer()))
                .andReturn()
                .getResponse();
        assertThat(forOwned.getStatus()).as(forOwned.getContentAsString()).isEqualTo(404);
        assertThat(forMissing.getStatus()).isEqualTo(404);
        assertThat(forOwned.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode a = read(forOwned);
        JsonNode b = read(forMissing);
        assertThat(a.get("title")).isEqualTo(b.get("title"));
        assertThat(a.get("detail").asString().replaceAll("[0-9]+", "N"))
                .isEqualTo(b.get("detail").asString().replaceAll("[0-9]+", "N"));
        assertThat(a.toString()).doesNotContain(owner.email()).doesNotContainIgnoringCase("forbidden");
    }

    private JsonNode read(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString());
    }
}
