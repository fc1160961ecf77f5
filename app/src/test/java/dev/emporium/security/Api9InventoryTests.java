package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API9:2023, improper inventory management: the served document is the inventory, and it must be
 * complete and truthful. That the handler mappings and the document list the same operations is
 * {@code platform.web.ApiInventoryTests}, that each has an id, a summary and a security entry is
 * {@code platform.web.OpenApiDocumentTests}; this adds that there is one version only ({@code /api/v1}, no
 * older one left serving), that operation ids are unique, and that what the document calls public is
 * exactly what answers without a token (every other operation's 401 is {@link Api5FunctionLevelAuthorisationTests}).
 */
@IntegrationTest
class Api9InventoryTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Test
    void theInventoryIsOneVersionWithUniqueOperationIds() throws Exception {
        Set<String> ids = new TreeSet<>();
        List<String> duplicates = new ArrayList<>();
        for (var path : paths().properties()) {
            assertThat(path.getKey()).startsWith("/api/v1/");
            for (var operation : path.getValue().properties()) {
                String id = operation.getValue().path("operationId").asString("");
                if (!ids.add(id)) {
                    duplicates.add(id);
                }
            }
        }
        assertThat(duplicates).isEmpty();
        for (String older : List.of("/api/v0/products", "/api/products", "/api/v2/products", "/v1/products")) {
            assertThat(mvc.perform(get(older)).andReturn().getResponse().getStatus())
                    .as(older)
                    .isEqualTo(404);
        }
    }

    @Test
    void everyOperationTheDocumentCallsPublicAnswersWithoutAToken() throws Exception {
        List<String> publicOperations = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (var path : paths().properties()) {
            for (var operation : path.getValue().properties()) {
                JsonNode security = operation.getValue().path("security");
                if (!security.isArray() || !security.isEmpty()) {
                    continue;
                }
                HttpMethod method = HttpMethod.valueOf(operation.getKey().toUpperCase(Locale.ROOT));
                String target = path.getKey().replaceAll("\\{[^}]+}", "1");
                publicOperations.add(method + " " + target);
                var call = request(method, target);
                if (operation.getValue().has("requestBody")) {
                    call.contentType(MediaType.APPLICATION_JSON).content("{}");
                }
                int status = mvc.perform(call).andReturn().getResponse().getStatus();
                if (status == 401 || status == 403) {
                    refused.add(method + " " + target + " → " + status);
                }
            }
        }
        assertThat(publicOperations).as("public operations in the document").hasSizeGreaterThanOrEqualTo(8);
        assertThat(refused).isEmpty();
    }

    private JsonNode paths() throws Exception {
        return json.readTree(mvc.perform(get("/v3/api-docs"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("paths");
    }
}
