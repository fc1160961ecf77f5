package dev.emporium.supply;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives the supply endpoints as an admin would. */
final class SupplyTestClient {

    private final MockMvc mvc;
    private final JsonMapper json;
    final String admin;
    final long adminId;

    SupplyTestClient(MockMvc mvc, JsonMapper json, AccountService accounts, JwtEncoder tokens) {
        this.mvc = mvc;
        this.json = json;
        String email = "supply-admin-" + UUID.randomUUID() + "@example.test";
        this.adminId = accounts.createUser(email, "not used by these tests", "Supply Admin", Role.ADMIN);
        this.admin = TestTokens.bearer(tokens, adminId, "ADMIN");
    }

    static String key() {
        return "key-" + UUID.randomUUID();
    }

    ResultActions get(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path).header(HttpHeaders.AUTHORIZATION, admin));
    }

    ResultActions post(String path, Object body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path)
                .header(HttpHeaders.AUTHORIZATION, admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body instanceof String s ? s : json.writeValueAsString(body)));
    }

    ResultActions postWithKey(String path, @org.jspecify.annotations.Nullable String key, Object body)
            throws Exception {
        var request = MockMvcRequestBuilders.post(path)
                .header(HttpHeaders.AUTHORIZATION, admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return mvc.perform(request);
    }

    ResultActions patch(String path, Object body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.patch(path)
                .header(HttpHeaders.AUTHORIZATION, admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)));
    }

    ResultActions delete(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.delete(path).header(HttpHeaders.AUTHORIZATION, admin));
    }

    ResultActions importCsv(String csv) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/api/v1/admin/supply/deliveries/import")
                .header(HttpHeaders.AUTHORIZATION, admin)
                .contentType("text/csv")
                .content(csv));
    }

    /** A new active supplier with a unique name; answers its JSON. */
    JsonNode supplier() throws Exception {
        return read(post(
                        "/api/v1/admin/supply/suppliers",
                        Map.of("name", "Supplier " + UUID.randomUUID(), "email", "Sales@Example.test"))
                .andExpect(status().isCreated()));
    }

    JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
