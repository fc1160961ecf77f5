package dev.emporium.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API7:2023 (server-side request forgery) and API10:2023 (unsafe consumption of APIs), proven by
 * enumeration rather than by trying URLs at random.
 *
 * <ul>
 *   <li>The code: no main class opens a URL, a socket or an HTTP client of any kind (JDK, Spring's
 *       {@code RestClient}/{@code RestTemplate}/{@code WebClient}, Nimbus' remote key sources), with one
 *       exception: {@code CacheWarmer}, which calls the server's own loopback address with paths written in
 *       the code, once at start-up. So no request can make the server fetch anything, and the server
 *       consumes no third-party API whose answers it would have to distrust (API10 has nothing to test).
 *   <li>The contract: no parameter or body field of any operation in the served OpenAPI document is a URL
 *       (format {@code uri}/{@code url}) or is named like one.
 *   <li>Token headers that name a key location ({@code jku}, {@code x5u}) are refused without being
 *       followed: see {@link Api2AuthenticationTests#aKeyOrKeyUrlCarriedInTheTokenIsNeverTrusted()}.
 * </ul>
 */
@IntegrationTest
class Api7And10OutboundCallTests {

    private static final Pattern URL_LIKE =
            Pattern.compile(".*(url|uri|href|link|callback|webhook|redirect|endpoint|host|avatar|image|feed|proxy).*");

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Test
    void noApplicationClassOpensAnOutboundConnectionExceptTheLoopbackCacheWarmer() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.emporium");
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.emporium.platform.cache.CacheWarmer")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.net.http..",
                        "org.springframework.web.client..",
                        "org.springframework.web.reactive.function.client..",
                        "org.apache.hc..",
                        "okhttp3..")
                .because("a server that makes no outbound HTTP calls cannot be made to forge one")
                .check(classes);
        noClasses()
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(
                        java.net.URL.class,
                        java.net.URLConnection.class,
                        java.net.HttpURLConnection.class,
                        java.net.Socket.class,
                        java.net.DatagramSocket.class,
                        com.nimbusds.jose.jwk.source.RemoteJWKSet.class,
                        com.nimbusds.jose.jwk.source.JWKSourceBuilder.class,
                        com.nimbusds.jose.util.DefaultResourceRetriever.class)
                .because("no request field is ever turned into a connection")
                .check(classes);
    }

    @Test
    void noParameterOrBodyFieldOfAnyOperationIsAUrl() throws Exception {
        JsonNode document = json.readTree(
                mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        JsonNode schemas = document.path("components").path("schemas");
        List<String> inspected = new ArrayList<>();
        List<String> urlLike = new ArrayList<>();
        for (var path : document.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String where = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    inspect(
                            where + " " + parameter.get("in").asString(),
                            parameter.get("name").asString(),
                            parameter.path("schema"),
                            inspected,
                            urlLike);
                }
                for (JsonNode media : operation.getValue().path("requestBody").path("content")) {
                    walk(where + " body", media.path("schema"), schemas, inspected, urlLike, 0);
                }
            }
        }
        assertThat(inspected).as("request fields inspected").hasSizeGreaterThan(60);
        assertThat(urlLike).isEmpty();
    }

    private static void walk(
            String where, JsonNode schema, JsonNode schemas, List<String> inspected, List<String> urlLike, int depth) {
        if (depth > 6) {
            return;
        }
        JsonNode resolved = schema.has("$ref")
                ? schemas.path(schema.get("$ref").asString().replace("#/components/schemas/", ""))
                : schema;
        for (var property : resolved.path("properties").properties()) {
            inspect(where, property.getKey(), property.getValue(), inspected, urlLike);
            walk(where + "." + property.getKey(), property.getValue(), schemas, inspected, urlLike, depth + 1);
        }
        if (resolved.has("items")) {
            walk(where + "[]", resolved.get("items"), schemas, inspected, urlLike, depth + 1);
        }
    }

    private static void inspect(
            String where, String name, JsonNode schema, List<String> inspected, List<String> urlLike) {
        inspected.add(where + " " + name);
        String format = schema.path("format").asString("");
        if (URL_LIKE.matcher(name.toLowerCase(Locale.ROOT)).matches()
                || format.equals("uri")
                || format.equals("url")
                || format.equals("uri-reference")) {
            urlLike.add(where + " " + name + " (format " + format + ")");
        }
    }
}
