package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ContractGuardConfiguration;
import dev.emporium.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * OWASP API3:2023, broken object property-level authorisation: mass assignment and excessive exposure.
 *
 * <p>The application's policy for JSON properties a request record does not declare is Jackson's default,
 * which Spring Boot keeps: they are ignored (the contract guard, stricter than the document, would refuse
 * such a request, so these exchanges are marked off-contract). So the proof here is that smuggling {@code role}, {@code balance},
 * {@code price}, {@code total}, {@code status}, {@code stock} or another user's id into a customer's
 * request changes nothing they name: the server takes roles, prices, owners and statuses from its own
 * records, never from the body. The other half: responses carry no password hash or other internal field.
 */
@IntegrationTest
class Api3PropertyLevelAuthorisationTests {

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

    @BeforeEach
    void setUp() {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
    }

    @Test
    void registrationIgnoresRoleIdBalanceAndVerification() throws Exception {
        String email = "mass-" + UUID.randomUUID() + "@example.test";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", "a long enough passphrase");
        body.put("name", "Mass Assigner");
        body.put("role", "ADMIN");
        body.put("id", 1);
        body.put("balance", 1_000_000_000);
        body.put("verification", "VERIFIED");
        body.put("passwordHash", "$2a$04$abcdefghijklmnopqrstuv");
        MockHttpServletResponse response = postJson("/api/v1/auth/register", null, body);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        JsonNode account = json.readTree(response.getContentAsString());
        assertThat(account.get("role").asString()).isEqualTo("CUSTOMER");
        assertThat(account.get("id").asLong()).isNotEqualTo(1);

        long id = account.get("id").asLong();
        assertThat(jdbc.sql("select role from users where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("CUSTOMER");
        assertThat(jdbc.sql("select balance from wallet_accounts where owner_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from wallet_verifications where user_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
        assertNoSecrets(account);
    }

    @Test
    void anOrderTakesPriceTotalStatusAndOwnerFromTheServerNotTheBody() throws Exception {
        User buyer = fixture.customer();
        User victim = fixture.customer();
        fixture.deposit(buyer, 50_000);
        long product = fixture.product(2_000, 10);
        long before = fixture.balance(buyer);

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("productId", product);
        line.put("quantity", 3);
        line.put("price", 1);
        line.put("unitPrice", 1);
        line.put("lineTotal", 3);
        line.put("stock", 1_000_000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", List.of(line));
        body.put("total", 3);
        body.put("currency", "XXX");
        body.put("status", "SHIPPED");
        body.put("customerId", victim.id());
        body.put("id", 1);

        MockHttpServletResponse response = postJson("/api/v1/orders", buyer, body);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        JsonNode order = json.readTree(response.getContentAsString());
        assertThat(order.get("total").asLong()).isEqualTo(6_000);
        assertThat(order.get("status").asString()).isEqualTo("PLACED");
        assertThat(order.get("currency").asString()).isEqualTo("EUR");
        assertThat(order.get("customerId").asLong()).isEqualTo(buyer.id());
        assertThat(order.get("id").asLong()).isNotEqualTo(1);
        assertThat(fixture.balance(buyer)).isEqualTo(before - 6_000);
        assertThat(fixture.stock(product)).isEqualTo(7);
        assertThat(jdbc.sql("select count(*) from orders where customer_id = :id")
                        .param("id", victim.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aTransferAlwaysDebitsTheCallerWhateverAccountOrKindTheBodyNames() throws Exception {
        User sender = fixture.customer();
        User victim = fixture.customer();
        User recipient = fixture.customer();
        fixture.deposit(sender, 10_000);
        fixture.deposit(victim, 10_000);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("toEmail", recipient.email());
        body.put("amount", 700);
        body.put("fromAccountId", fixture.walletAccount(victim));
        body.put("fromEmail", victim.email());
        body.put("kind", "DEPOSIT");
        body.put("currency", "USD");
        body.put("balance", 1_000_000);

        MockHttpServletResponse response = postJson("/api/v1/wallet/transfers", sender, body);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        JsonNode transfer = json.readTree(response.getContentAsString());
        assertThat(transfer.get("fromAccountId").asLong()).isEqualTo(fixture.walletAccount(sender));
        assertThat(transfer.get("kind").asString()).isEqualTo("TRANSFER");
        assertThat(transfer.get("currency").asString()).isEqualTo("EUR");
        assertThat(fixture.balance(sender)).isEqualTo(9_300);
        assertThat(fixture.balance(victim)).isEqualTo(10_000);
        assertThat(fixture.balance(recipient)).isEqualTo(700);
    }

    @Test
    void aCustomerCannotGiveThemselvesARoleThroughAnyCustomerRoute() throws Exception {
        User customer = fixture.customer();
        MockHttpServletResponse me = mvc.perform(get("/api/v1/me").header("Authorization", customer.bearer()))
                .andReturn()
                .getResponse();
        JsonNode account = json.readTree(me.getContentAsString());
        assertThat(account.get("role").asString()).isEqualTo("CUSTOMER");
        assertThat(names(account)).containsExactlyInAnyOrder("id", "email", "name", "role", "createdAt");

        MockHttpServletResponse promote =
                send(patch("/api/v1/admin/users/" + customer.id() + "/role"), customer, Map.of("role", "ADMIN"));
        assertThat(promote.getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("select role from users where id = :id")
                        .param("id", customer.id())
                        .query(String.class)
                        .single())
                .isEqualTo("CUSTOMER");
    }

    @Test
    void loginAndRefreshAnswersCarryTokensOnlyNeverAccountInternals() throws Exception {
        String email = "mass-login-" + UUID.randomUUID() + "@example.test";
        String password = "a long enough passphrase";
        postJson("/api/v1/auth/register", null, Map.of("email", email, "password", password, "name", "Exposure"));
        JsonNode session =
                json.readTree(postJson("/api/v1/auth/login", null, Map.of("email", email, "password", password))
                        .getContentAsString());
        assertThat(names(session)).containsExactlyInAnyOrder("accessToken", "refreshToken", "expiresIn", "tokenType");
        assertNoSecrets(session);
        String stored = jdbc.sql("select password_hash from users where email = :email")
                .param("email", email)
                .query(String.class)
                .single();
        assertThat(session.toString()).doesNotContain(stored);
    }

    private MockHttpServletResponse postJson(String path, User user, Object body) throws Exception {
        return send(post(path), user, body);
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request, User user, Object body)
            throws Exception {
        if (user != null) {
            request.header("Authorization", user.bearer());
        }
        request.header("Idempotency-Key", SecurityFixture.key());
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(body))
                        .with(ContractGuardConfiguration.offContract(
                                "mass assignment: the body carries properties the schema does not declare, to prove "
                                        + "the server ignores them")))
                .andReturn()
                .getResponse();
    }

    private static Set<String> names(JsonNode node) {
        return Set.copyOf(node.propertyNames());
    }

    private static void assertNoSecrets(JsonNode node) {
        assertThat(node.toString().toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("password")
                .doesNotContain("hash")
                .doesNotContain("$2a$");
    }
}
