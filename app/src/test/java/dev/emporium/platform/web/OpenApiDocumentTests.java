package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served document's own promises, and its export: the build lints
 * {@code target/openapi/openapi.json} (written here) with Redocly's recommended rules after the
 * tests, and generates a client from it (see the app POM).
 */
@IntegrationTest
class OpenApiDocumentTests {

    /** Where the build's lint and client generation read the served document. */
    static final Path EXPORT = Path.of("target", "openapi", "openapi.json");

    @Autowired
    MockMvc mvc;

    JsonNode document;
    String text;

    @BeforeEach
    void fetch() throws Exception {
        text = mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        document = JsonMapper.builder().build().readTree(text);
    }

    @Test
    void theServedDocumentIsExportedForTheLinterAndTheClientGenerator() throws Exception {
        Files.createDirectories(EXPORT.getParent());
        Files.writeString(EXPORT, text);
        assertThat(document.path("openapi").asString()).startsWith("3.0");
    }

    @Test
    void everyOperationHasAnIdASummaryItsSecurityAndProblemErrors() {
        List<String> checked = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    String name = op.getKey().toUpperCase() + " " + path.getKey();
                    JsonNode operation = op.getValue();
                    assertThat(operation.path("operationId").asString())
                            .as(name)
                            .isNotBlank();
                    assertThat(operation.path("summary").asString()).as(name).isNotBlank();
                    assertThat(operation.has("security")).as(name).isTrue();
                    JsonNode responses = operation.path("responses");
                    assertThat(responses.has("400")).as(name).isTrue();
                    assertThat(responses.has("503")).as(name).isTrue();
                    responses.properties().forEach(response -> {
                        if (response.getKey().compareTo("400") >= 0) {
                            String ref = response.getValue().path("$ref").asString();
                            String schema = response.getValue()
                                    .path("content")
                                    .path("application/problem+json")
                                    .path("schema")
                                    .path("$ref")
                                    .asString();
                            assertThat(ref.startsWith("#/components/responses/") || schema.endsWith("/Problem"))
                                    .as(name + " " + response.getKey() + " is a Problem")
                                    .isTrue();
                        }
                    });
                    checked.add(name);
                }));
        assertThat(checked).hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void adminOperationsNeedABearerTokenAndListForbidden() {
        JsonNode create = document.path("paths").path("/api/v1/admin/products").path("post");
        assertThat(create.path("security").get(0).has("bearer")).isTrue();
        assertThat(create.path("responses").has("403")).isTrue();
        JsonNode product = document.path("paths").path("/api/v1/products/{id}").path("get");
        assertThat(product.path("security")).isEmpty();
    }

    @Test
    void productAttributesAreAnObject() {
        JsonNode attributes = document.path("components")
                .path("schemas")
                .path("Product")
                .path("properties")
                .path("attributes");
        assertThat(attributes.path("type").asString()).isEqualTo("object");
    }
}
