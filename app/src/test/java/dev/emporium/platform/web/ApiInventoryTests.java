package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.emporium.support.IntegrationTest;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routes the application serves and the routes its document describes are the same set. The
 * served side is read from Spring MVC's own handler mapping, not from a hand-kept list, so a new
 * controller method without documentation (or a documented operation that no longer exists) fails
 * here. Routes outside {@code /api/} must be one of the few known non-API ones.
 */
@IntegrationTest
class ApiInventoryTests {

    /** Served by MVC controllers but deliberately not part of the API contract. */
    private static final Set<String> NOT_API = Set.of(
            "/error",
            "/v3/api-docs",
            "/v3/api-docs.yaml",
            "/v3/api-docs/{group}",
            "/v3/api-docs/swagger-config",
            "/swagger-ui.html");

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        Set<String> served = new TreeSet<>();
        Set<String> unexpected = new TreeSet<>();
        mapping.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/")) {
                    if (!NOT_API.contains(path)) {
                        unexpected.add(path + " (" + method + ")");
                    }
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                assertThat(methods)
                        .as("%s serves every method; give it one", path)
                        .isNotEmpty();
                methods.forEach(m -> served.add(m + " " + path));
            }
        });
        JsonNode paths = JsonMapper.builder()
                .build()
                .readTree(mvc.perform(get("/v3/api-docs"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .path("paths");
        Set<String> documented = new TreeSet<>();
        paths.properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(op -> documented.add(op.getKey().toUpperCase() + " " + path.getKey())));

        assertThat(unexpected)
                .as("routes outside /api/ that are not known non-API routes")
                .isEmpty();
        assertThat(served).isNotEmpty().containsExactlyElementsOf(documented);
    }
}
