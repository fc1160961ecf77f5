package dev.emporium.wallet;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.support.TestTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates customers and admins with fresh emails and drives the wallet endpoints as they would. */
final class WalletTestClient {

    record User(long id, String email, String bearer) {}

    private final MockMvc mvc;
    private final JsonMapper json;
    private final AccountService accounts;
    private final JwtEncoder tokens;
    private final JdbcClient jdbc;

    WalletTestClient(MockMvc mvc, JsonMapper json, AccountService accounts, JwtEncoder tokens, JdbcClient jdbc) {
        this.mvc = mvc;
        this.json = json;
        this.accounts = accounts;
        this.tokens = tokens;
        this.jdbc = jdbc;
    }

    static String key() {
        return "key-" + UUID.randomUUID();
    }

    User customer() {
        String email = "wallet-" + UUID.randomUUID() + "@example.test";
        long id = accounts.createUser(email, "not used by these tests", "Wallet Tester", Role.CUSTOMER);
        return new User(id, email, TestTokens.bearer(tokens, id, "CUSTOMER"));
    }

    User admin() {
        String email = "wallet-admin-" + UUID.randomUUID() + "@example.test";
        long id = accounts.createUser(email, "not used by these tests", "Wallet Admin", Role.ADMIN);
        return new User(id, email, TestTokens.bearer(tokens, id, "ADMIN"));
    }

    long accountId(User user) {
        return jdbc.sql("select id from wallet_accounts where owner_id = :id")
                .param("id", user.id())
                .query(Long.class)
                .single();
    }

    long balance(User user) {
        return jdbc.sql("select balance from wallet_accounts where owner_id = :id")
                .param("id", user.id())
                .query(Long.class)
                .single();
    }

    ResultActions get(User user, String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path).header("Authorization", user.bearer()));
    }

    ResultActions post(User user, String path, String key, Object body) throws Exception {
        var request = MockMvcRequestBuilders.post(path)
                .header("Authorization", user.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body instanceof String s ? s : json.writeValueAsString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return mvc.perform(request);
    }

    ResultActions put(User user, String path, Object body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.put(path)
                .header("Authorization", user.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)));
    }

    JsonNode deposit(User admin, User customer, long amount) throws Exception {
        return read(
                post(admin, "/api/v1/admin/wallet/deposits", key(), Map.of("email", customer.email(), "amount", amount))
                        .andExpect(status().isCreated()));
    }

    ResultActions transfer(User from, String key, long toAccountId, long amount) throws Exception {
        return post(from, "/api/v1/wallet/transfers", key, body(toAccountId, amount));
    }

    ResultActions transferByEmail(User from, String key, String toEmail, long amount) throws Exception {
        return post(from, "/api/v1/wallet/transfers", key, Map.of("toEmail", toEmail, "amount", amount));
    }

    static Map<String, Object> body(long toAccountId, Object amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("toAccountId", toAccountId);
        body.put("amount", amount);
        return body;
    }

    ResultActions verify(User admin, User customer, String status) throws Exception {
        return put(admin, "/api/v1/admin/customers/" + customer.id() + "/verification", Map.of("status", status));
    }

    JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
