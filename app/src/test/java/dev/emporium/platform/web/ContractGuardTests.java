package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.ContractGuard;
import dev.emporium.support.ContractGuardConfiguration;
import dev.emporium.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The contract guard itself: wired into every integration test, and failing on what the document does not say. */
@IntegrationTest
class ContractGuardTests {

    private static final String PRODUCT = """
            {"id":1,"sku":"SKU-1","name":"Kettle","brand":"Acme","categoryId":3,"price":2499,"currency":"EUR",
             "stock":4,"active":true,"popularity":10,"description":null,"attributes":{"color":"red"},
             "createdAt":"2026-11-23T10:15:30Z","updatedAt":"2026-11-23T10:15:30Z"}""";

    @Autowired
    MockMvc mvc;

    ContractGuard guard;

    @BeforeEach
    void fetchDocument() throws Exception {
        String document = mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        guard = ContractGuard.forDocument(document);
    }

    @Test
    void everyMockMvcExchangeOfAnIntegrationTestIsChecked() throws Exception {
        long before = ContractGuardConfiguration.checkedExchanges();
        mvc.perform(get("/api/v1/products/999999999")).andExpect(status().isNotFound());
        assertThat(ContractGuardConfiguration.checkedExchanges()).isGreaterThan(before);
    }

    @Test
    void aResponseThatMatchesTheDocumentPasses() {
        assertThatCode(() -> guard.check(json("GET", "/api/v1/products/1", 200, PRODUCT)))
                .doesNotThrowAnyException();
    }

    @Test
    void aBodyOfTheWrongShapeFails() {
        String wrong = PRODUCT.replace("\"attributes\":{\"color\":\"red\"}", "\"attributes\":\"{\\\"color\\\":1}\"")
                .replace("\"price\":2499", "\"price\":\"24.99\"");
        assertThatThrownBy(() -> guard.check(json("GET", "/api/v1/products/1", 200, wrong)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/attributes")
                .hasMessageContaining("/price");
    }

    @Test
    void aMissingRequiredFieldFails() {
        String wrong = PRODUCT.replace("\"sku\":\"SKU-1\",", "");
        assertThatThrownBy(() -> guard.check(json("GET", "/api/v1/products/1", 200, wrong)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("sku");
    }

    @Test
    void aStatusTheOperationDoesNotListFails() {
        assertThatThrownBy(() -> guard.check(problem("GET", "/api/v1/products/1", 409)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("409");
    }

    @Test
    void anErrorThatIsNotAProblemFails() {
        assertThatThrownBy(() -> guard.check(json("GET", "/api/v1/products/1", 404, "{\"error\":\"not found\"}")))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void anUndocumentedRouteThatAnswersFails() {
        assertThatThrownBy(() -> guard.check(json("GET", "/api/v1/secret", 200, "{}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("undocumented route");
        assertThatCode(() -> guard.check(problem("GET", "/api/v1/secret", 404))).doesNotThrowAnyException();
    }

    @Test
    void anAcceptedRequestMustMatchTheDocumentToo() {
        var exchange = new ContractGuard.Exchange(
                "GET",
                "/api/v1/products",
                "sort=cheapest",
                Map.of(),
                new byte[0],
                200,
                Map.of("Content-Type", List.of("application/json")),
                "{\"items\":[],\"limit\":50,\"offset\":0,\"total\":0,\"totalExact\":true,\"nextCursor\":null}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> guard.check(exchange))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("sort");
    }

    private static ContractGuard.Exchange json(String method, String path, int status, String body) {
        return new ContractGuard.Exchange(
                method,
                path,
                null,
                Map.of(),
                new byte[0],
                status,
                Map.of("Content-Type", List.of(status >= 400 ? "application/problem+json" : "application/json")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static ContractGuard.Exchange problem(String method, String path, int status) {
        return json(
                method,
                path,
                status,
                "{\"type\":\"https://emporium.dev/problems/" + status + "\",\"title\":\"x\",\"status\":" + status
                        + ",\"detail\":\"x\"}");
    }
}
