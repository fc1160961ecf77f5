package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * SQL and header injection strings are inert (OWASP API8:2023 covers injection). Every string query
 * parameter of a few representative operations (catalog list, search, suggest, order history, audit
 * log, parcel list), read from the served document, gets each payload: no 5xx, no answer slower than a
 * {@code pg_sleep} would make it, and the tables are all still there. Payloads stored by a write (a
 * customer's name, a transfer's reference) come back byte for byte; header values with CR LF add no header.
 */
@IntegrationTest
class InjectionTests {

    static final List<String> SQL = List.of(
            "' OR '1'='1",
            "' OR 1=1 --",
            "\"; drop table users; --",
            "1); select pg_sleep(3); --",
            "' union select password_hash, email from users --",
            "$$; select pg_sleep(3); $$",
            "%' and 1=(select count(*) from pg_sleep(3)) and '%'='",
            "\\'; select 1; --",
            "1' AND SLEEP(3)#",
            "'||(select pg_sleep(3))||'");

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
    User customer;
    User admin;

    @BeforeEach
    void setUp() {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        customer = fixture.customer();
        admin = fixture.admin();
    }

    @Test
    void sqlInEveryStringParameterOfRepresentativeOperationsIsInert() throws Exception {
        JsonNode paths = json.readTree(mvc.perform(get("/v3/api-docs"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("paths");
        Map<String, User> operations = Map.of(
                "/api/v1/products", customer,
                "/api/v1/search", customer,
                "/api/v1/search/suggest", customer,
                "/api/v1/orders", customer,
                "/api/v1/admin/audit", admin,
                "/api/v1/fulfillment/parcels", admin);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (var operation : operations.entrySet()) {
            for (JsonNode parameter : paths.get(operation.getKey()).get("get").path("parameters")) {
                if (!parameter.get("in").asString().equals("query")
                        || !parameter
                                .path("schema")
                                .path("type")
                                .asString("string")
                                .equals("string")) {
                    continue;
                }
                String name = parameter.get("name").asString();
                for (String payload : SQL) {
                    sent++;
                    long started = System.nanoTime();
                    MockHttpServletResponse response = mvc.perform(get(operation.getKey())
                                    .queryParam(name, payload)
                                    .header(
                                            "Authorization",
                                            operation.getValue().bearer()))
                            .andReturn()
                            .getResponse();
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (response.getStatus() >= 500 || millis > 2_500) {
                        failures.add(operation.getKey() + "?" + name + "=" + payload + " → " + response.getStatus()
                                + " in " + millis + " ms");
                    }
                }
            }
        }
        assertThat(sent).as("payloads sent").isGreaterThan(150);
        assertThat(failures).isEmpty();
        assertThat(jdbc.sql("select count(*) from users").query(Long.class).single())
                .isPositive();
        for (String table : List.of("users", "products", "orders", "wallet_accounts", "wallet_entries")) {
            assertThat(jdbc.sql("select to_regclass(:t) is not null")
                            .param("t", table)
                            .query(Boolean.class)
                            .single())
                    .as(table)
                    .isTrue();
        }
    }

    @Test
    void storedPayloadsComeBackExactlyAsSent() throws Exception {
        for (String payload : SQL) {
            String email = "inject-" + UUID.randomUUID() + "@example.test";
            MockHttpServletResponse registered = mvc.perform(post("/api/v1/auth/register")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json.writeValueAsString(
                                    Map.of("email", email, "password", "a long enough passphrase", "name", payload))))
                    .andReturn()
                    .getResponse();
            assertThat(registered.getStatus())
                    .as(registered.getContentAsString())
                    .isEqualTo(201);
            assertThat(json.readTree(registered.getContentAsString())
                            .get("name")
                            .asString())
                    .isEqualTo(payload);
        }
        fixture.deposit(customer, 10_000);
        User recipient = fixture.customer();
        String reference = SQL.get(4);
        MockHttpServletResponse sent = mvc.perform(post("/api/v1/wallet/transfers")
                        .header("Authorization", customer.bearer())
                        .header("Idempotency-Key", SecurityFixture.key())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(
                                Map.of("toEmail", recipient.email(), "amount", 10, "reference", reference))))
                .andReturn()
                .getResponse();
        assertThat(sent.getStatus()).as(sent.getContentAsString()).isEqualTo(201);
        long id = json.readTree(sent.getContentAsString()).get("id").asLong();
        MockHttpServletResponse read = mvc.perform(
                        get("/api/v1/wallet/transfers/" + id).header("Authorization", recipient.bearer()))
                .andReturn()
                .getResponse();
        assertThat(json.readTree(read.getContentAsString()).get("reference").asString())
                .isEqualTo(reference);
    }

    @Test
    void headerValuesWithLineBreaksAddNoHeaderToTheAnswer() throws Exception {
        String injected = "abc\r\nSet-Cookie: injected=1\r\nX-Injected: 1";
        List<MockHttpServletRequestBuilder> requests = List.of(
                get("/api/v1/products").header("If-None-Match", injected),
                get("/api/v1/products").header("Accept-Language", injected),
                get("/api/v1/wallet").header("Authorization", customer.bearer()).header("If-None-Match", injected),
                post("/api/v1/wallet/transfers")
                        .header("Authorization", customer.bearer())
                        .header("Idempotency-Key", injected)
                        .header("X-Request-Id", injected)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"toAccountId\":1,\"amount\":1}"),
                post("/api/v1/orders")
                        .header("Authorization", customer.bearer())
                        .header("Idempotency-Key", injected)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"items\":[{\"productId\":1,\"quantity\":1}]}"));
        for (MockHttpServletRequestBuilder request : requests) {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            assertThat(response.getStatus()).isLessThan(500);
            Collection<String> names = response.getHeaderNames();
            assertThat(names).noneMatch(n -> n.equalsIgnoreCase("Set-Cookie") || n.equalsIgnoreCase("X-Injected"));
            for (String name : names) {
                for (String value : response.getHeaders(name)) {
                    assertThat(value).as(name).doesNotContain("\r").doesNotContain("\n");
                }
            }
        }
    }
}
