package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API4:2023, unrestricted resource consumption: the parts that are about what one request may
 * ask for (rates, body sizes, timeouts and load shedding have their own tests). Every list operation in
 * the served OpenAPI document refuses a page size outside 1..500 and an offset beyond 10,000 with a 400
 * before any SQL runs (the request's statement count is zero); search text, date windows, order lines
 * and batch sizes have bounds too, and a request over them is refused, not truncated into an expensive one.
 */
@IntegrationTest
class Api4ResourceConsumptionTests {

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
    User admin;
    User customer;

    @BeforeEach
    void setUp() {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        admin = fixture.admin();
        customer = fixture.customer();
    }

    @Test
    void everyListRefusesOversizedPagesAndDeepOffsetsBeforeTouchingTheDatabase() throws Exception {
        JsonNode document = json.readTree(
                mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (var path : document.get("paths").properties()) {
            JsonNode get = path.getValue().get("get");
            if (get == null || path.getKey().contains("{")) {
                continue;
            }
            for (JsonNode parameter : get.path("parameters")) {
                String name = parameter.get("name").asString();
                List<String> hostile = switch (name) {
                    case "limit" -> List.of("0", "-1", "501", "1000000", "2147483648", "99999999999999999999");
                    case "offset" -> List.of("-1", "10001", "2147483647", "99999999999999999999");
                    default -> List.of();
                };
                for (String value : hostile) {
                    checked.add(path.getKey() + "?" + name + "=" + value);
                    MvcResult result = mvc.perform(get(path.getKey())
                                    .queryParam(name, value)
                                    .header("Authorization", bearerFor(path.getKey())))
                            .andReturn();
                    MockHttpServletResponse response = result.getResponse();
                    Object statements = result.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
                    if (response.getStatus() != 400) {
                        failures.add(path.getKey() + "?" + name + "=" + value + " → " + response.getStatus());
                    } else if (statements != null && ((Number) statements).intValue() > 0) {
                        failures.add(path.getKey() + "?" + name + "=" + value + " ran " + statements + " statements");
                    }
                }
            }
        }
        assertThat(checked).as("list operations with limit or offset").hasSizeGreaterThan(40);
        assertThat(failures).isEmpty();
    }

    @Test
    void searchTextIsBoundedAndTheWordsBeyondTheLimitAreNotSearched() throws Exception {
        String tooLong = "a".repeat(201);
        assertBadRequest(get("/api/v1/search").queryParam("q", tooLong));
        assertBadRequest(get("/api/v1/search/suggest").queryParam("q", tooLong));
        MvcResult manyWords = mvc.perform(get("/api/v1/search").queryParam("q", "a b c d e f g h i j k l m n o p q"))
                .andReturn();
        assertThat(manyWords.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void oversizedOrdersAndBatchesAreRefusedWhole() throws Exception {
        fixture.deposit(customer, 1_000);
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 1; i <= 1_000; i++) {
            items.append(i == 1 ? "" : ",").append("{\"productId\":").append(i).append(",\"quantity\":1}");
        }
        assertBadRequest(post("/api/v1/orders")
                .header("Authorization", customer.bearer())
                .header("Idempotency-Key", SecurityFixture.key())
                .contentType(MediaType.APPLICATION_JSON)
                .content(items.append("]}").toString()));
        assertBadRequest(post("/api/v1/orders")
                .header("Authorization", customer.bearer())
                .header("Idempotency-Key", SecurityFixture.key())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"items\":[{\"productId\":1,\"quantity\":2147483647}]}"));

        StringBuilder scans = new StringBuilder("{\"scans\":[");
        for (int i = 0; i <= 10_000; i++) {
            scans.append(i == 0 ? "" : ",")
                    .append("{\"scanId\":\"s-")
                    .append(100_000 + i)
                    .append("\",\"qr\":\"C-ZZ")
                    .append(100_000 + i)
                    .append("\",\"area\":\"A1\"}");
        }
        assertBadRequest(post("/api/v1/fulfillment/scans:batch")
                .header("Authorization", fixture.staff().bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(scans.append("]}").toString()));
    }

    @Test
    void wideDateWindowsAreRefused() throws Exception {
        assertBadRequest(get("/api/v1/admin/supply/reconciliation")
                .header("Authorization", admin.bearer())
                .queryParam("from", "2000-01-01")
                .queryParam("to", "2026-01-01"));
    }

    private String bearerFor(String path) {
        return path.startsWith("/api/v1/admin") || path.startsWith("/api/v1/fulfillment")
                ? admin.bearer()
                : customer.bearer();
    }

    private void assertBadRequest(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(json.readTree(response.getContentAsString()).path("errors").isObject())
                .isTrue();
    }
}
