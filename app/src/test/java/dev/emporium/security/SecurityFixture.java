package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users, money and products for the security suite. Every user is new (a fresh email), so a test
 * owns its victims and attackers and can assert that nothing of theirs changed.
 */
final class SecurityFixture {

    record User(long id, String email, String bearer) {}

    private final MockMvc mvc;
    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final AccountService accounts;
    private final JwtEncoder tokens;

    SecurityFixture(
            MockMvc mvc,
            JsonMapper json,
            JdbcClient jdbc,
            AccountService accounts,
            JwtEncoder tokens,
            DataGenerator generator) {
        this.mvc = mvc;
        this.json = json;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.tokens = tokens;
        TestData.ensureLoaded(generator, jdbc);
    }

    User customer() {
        return user(Role.CUSTOMER);
    }

    User admin() {
        return user(Role.ADMIN);
    }

    User staff() {
        return user(Role.STAFF);
    }

    private User user(Role role) {
        String email = "security-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID()
                + "@example.test";
        long id = accounts.createUser(email, "not used by these tests", "Security Tester", role);
        return new User(id, email, TestTokens.bearer(tokens, id, role.name()));
    }

    /** Credits the customer through the admin deposit endpoint, as the ledger requires. */
    void deposit(User customer, long amount) throws Exception {
        User admin = admin();
        mvc.perform(post("/api/v1/admin/wallet/deposits")
                        .header("Authorization", admin.bearer())
                        .header("Idempotency-Key", key())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("email", customer.email(), "amount", amount))))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .isCreated());
    }

    long product(long price, int stock) {
        return jdbc.sql("""
                        insert into products (sku, name, brand, category_id, price, currency, stock, active)
                        values (:sku, :name, 'Security Tests', (select min(id) from categories), :price, 'EUR', :stock, true)
                        returning id
                        """)
                .param("sku", "sec-" + UUID.randomUUID())
                .param(
                        "name",
                        "Security test product " + UUID.randomUUID().toString().substring(0, 8))
                .param("price", price)
                .param("stock", stock)
                .query(Long.class)
                .single();
    }

    int stock(long productId) {
        return jdbc.sql("select stock from products where id = :id")
                .param("id", productId)
                .query(Integer.class)
                .single();
    }

    long balance(User customer) {
        return jdbc.sql("select balance from wallet_accounts where owner_id = :id")
                .param("id", customer.id())
                .query(Long.class)
                .single();
    }

    long walletAccount(User customer) {
        return jdbc.sql("select id from wallet_accounts where owner_id = :id")
                .param("id", customer.id())
                .query(Long.class)
                .single();
    }

    /** Places an order of one product through the API and answers its JSON. */
    JsonNode order(User customer, long productId, int quantity) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/orders")
                        .header("Authorization", customer.bearer())
                        .header("Idempotency-Key", key())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"items\":[{\"productId\":" + productId + ",\"quantity\":" + quantity + "}]}"))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        return json.readTree(response.getContentAsString());
    }

    /** Sends money from one customer to another through the API and answers the transfer's JSON. */
    JsonNode transfer(User from, User to, long amount) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/wallet/transfers")
                        .header("Authorization", from.bearer())
                        .header("Idempotency-Key", key())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"toEmail\":\"" + to.email() + "\",\"amount\":" + amount + "}"))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        return json.readTree(response.getContentAsString());
    }

    static String key() {
        return "sec-" + UUID.randomUUID();
    }
}
