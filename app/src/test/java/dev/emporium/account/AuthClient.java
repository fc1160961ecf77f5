package dev.emporium.account;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives the auth endpoints the way a client does; every test gets fresh, unique emails. */
final class AuthClient {

    static final String PASSWORD = "correct horse battery";

    private final MockMvc mvc;
    private final JsonMapper json;

    AuthClient(MockMvc mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    ResultActions post(String path, Map<String, ?> body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)));
    }

    JsonNode register(String email) throws Exception {
        return read(post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", "Test User"))
                .andExpect(status().isCreated()));
    }

    JsonNode login(String email, String password) throws Exception {
        return read(post("/api/v1/auth/login", Map.of("email", email, "password", password))
                .andExpect(status().isOk()));
    }

    /** Registers a new customer and logs in: the answer holds accessToken and refreshToken. */
    JsonNode newCustomerSession() throws Exception {
        String email = uniqueEmail();
        register(email);
        return login(email, PASSWORD);
    }

    ResultActions refresh(String refreshToken) throws Exception {
        return post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken));
    }

    JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
