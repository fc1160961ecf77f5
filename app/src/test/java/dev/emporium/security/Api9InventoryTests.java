package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.emporium.support.IntegrationTest;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API9:2023, improper inventory management: the document is the inventory. Every route the
 * application's handler mappings serve under {@code /api} is an operation of the served OpenAPI
 * document and every operation is served, so no forgotten or undocumented endpoint exists; all of them
 * are one version ({@code /api/v1}); every operation has an id, a summary and its security stated.
 */
@IntegrationTest
class Api9InventoryTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    ApplicationContext context;

    @Test
    void theHandlerMappingsAndTheDocumentListTheSameOperations() throws Exception {
        JsonNode document = document();
        Set<String> documented = new TreeSet<>();
        for (var path : document.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        Set<String> served = new TreeSet<>();
        for (HandlerRoutes.Route route : HandlerRoutes.of(context).routes()) {
            served.add(route.method().name() + " " + route.template().replaceAll("\\{([^}:]+):[^}]*}", "{$1}"));
        }
        assertThat(served).as("routes served").hasSizeGreaterThan(40);
        assertThat(documented).as("operations documented but not served").isSubsetOf(served);
        assertThat(served).as("routes served but not documented").isSubsetOf(documented);
    }

    @Test
    void everyOperationIsVersionedNamedSummarisedAndStatesItsSecurity() throws Exception {
        JsonNode document = document();
        Set<String> operationIds = new TreeSet<>();
        for (var path : document.get("paths").properties()) {
            assertThat(path.getKey()).startsWith("/api/v1/");
            for (var operation : path.getValue().properties()) {
                JsonNode op = operation.getValue();
                String where = operation.getKey() + " " + path.getKey();
                assertThat(op.path("operationId").asString("")).as(where).isNotBlank();
                assertThat(operationIds.add(op.get("operationId").asString()))
                        .as("unique id " + where)
                        .isTrue();
                assertThat(op.path("summary").asString("")).as(where).isNotBlank();
                assertThat(op.has("security"))
                        .as("security stated for " + where)
                        .isTrue();
            }
        }
    }

    private JsonNode document() throws Exception {
        return json.readTree(
                mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
    }
}
