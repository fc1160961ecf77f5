package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.emporium.account.AccountService;
import dev.emporium.platform.web.ApiAccess;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ContractGuardConfiguration;
import dev.emporium.support.IntegrationTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input against every operation of the served OpenAPI document: for each parameter and each
 * top-level body field in turn, wrong types, huge and boundary numbers, Unicode oddities (NUL,
 * right-to-left override, combining marks, astral characters), SQL, template and header injection
 * strings, dates outside any calendar PostgreSQL keeps, and the field left out; with an ADMIN token
 * everywhere and, on the operations any signed-in user may call, with a customer's token too. Every
 * answer must be below 500, and every 4xx a problem+json; the contract guard also checks each answer
 * against the document. {@code Accept} is not swept: it is content negotiation, not input.
 *
 * <p>Every other input stays at a baseline built from the document (examples, else a value of the
 * right type), and path variables name rows that do not exist, so the sweep changes no shared data.
 * Path variables get only values that survive the firewall: what it refuses (encoded slashes, dot
 * segments) never reaches MVC and is covered on a real server by {@code MalformedRequestTests}.
 * About 2,200 requests; the test fails if they take a minute or more.
 */
@IntegrationTest
class HostileInputSweepTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Where the server is knowingly more lenient than the document's letter, the exchange is still checked
     * here (no 5xx, errors as problems) but not by the contract guard: Spring reads a blank parameter as
     * absent, and Jackson reads a JSON number or boolean given for a text field as its text.
     */
    private static final String BLANK_IS_ABSENT = "a blank parameter counts as absent";

    private static final String SCALARS_BECOME_TEXT = "a JSON number or boolean for a text field is read as text";

    /** For parameters: text as a client would put it in a query, header or path. */
    static final List<String> HOSTILE_TEXT = List.of(
            "",
            " ",
            "-1",
            "0",
            "9223372036854775808",
            "1e309",
            "0x1F",
            "\u0000",
            "\u202Egnp.exe",
            "\uD83D\uDCA5\u0301",
            "' OR '1'='1",
            "1; select pg_sleep(5) --",
            "${jndi:ldap://127.0.0.1/x}",
            "x\r\nX-Injected: 1",
            "+294277-01-01T00:00:00Z",
            "x".repeat(4_000));

    /** For path variables: what gets past the firewall (no slash, backslash, percent, semicolon or dot segment). */
    static final List<String> HOSTILE_PATH = HOSTILE_TEXT.stream()
            .filter(v -> !v.isBlank() && v.chars().noneMatch(c -> c < 0x20 || "/\\%;".indexOf(c) >= 0))
            .filter(v -> !v.equals(".") && !v.equals(".."))
            .toList();

    /** For JSON body fields: wrong types and hostile values of every JSON kind. */
    static final List<JsonNode> HOSTILE_JSON = List.of(
            NODES.nullNode(),
            NODES.booleanNode(true),
            NODES.numberNode(-1),
            NODES.numberNode(1.5),
            NODES.numberNode(new java.math.BigInteger("9223372036854775808")),
            NODES.numberNode(new java.math.BigDecimal("1e309")),
            NODES.stringNode("\u0000\u202E"),
            NODES.stringNode("' OR '1'='1' --"),
            NODES.stringNode("+294277-01-01T00:00:00Z"),
            NODES.stringNode("x".repeat(20_000)),
            NODES.arrayNode().add(NODES.arrayNode().add(1)),
            NODES.objectNode().put("$gt", ""));

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

    private JsonNode schemas;
    private final List<String> failures = new ArrayList<>();
    private int requests;
    private final Map<String, Long> costs = new LinkedHashMap<>();

    @Test
    void everyOperationAnswersHostileInputWithoutA5xxAndEveryErrorIsAProblem() throws Exception {
        SecurityFixture fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        User admin = fixture.admin();
        User customer = fixture.customer();
        JsonNode document = json.readTree(
                mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString());
        schemas = document.path("components").path("schemas");

        long started = System.nanoTime();
        int operations = 0;
        for (var path : document.get("paths").properties()) {
            for (var entry : path.getValue().properties()) {
                HttpMethod method = HttpMethod.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
                Operation operation = new Operation(method, path.getKey(), entry.getValue());
                operations++;
                long before = System.nanoTime();
                sweep(operation, admin.bearer());
                if (ApiAccess.of(method, path.getKey()) == ApiAccess.Level.AUTHENTICATED) {
                    sweep(operation, customer.bearer());
                }
                costs.put(method + " " + path.getKey(), (System.nanoTime() - before) / 1_000_000);
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.println("Hostile-input sweep: " + requests + " requests over " + operations + " operations in "
                + seconds + " s; slowest operations (ms): "
                + costs.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(5)
                        .toList());
        assertThat(operations).as("operations in the document").isGreaterThan(40);
        assertThat(requests).as("requests sent").isGreaterThan(1_500);
        assertThat(failures)
                .as(failures.size() + " of " + requests + " requests")
                .isEmpty();
        assertThat(seconds).as("the sweep's own time bound").isLessThan(60);
    }

    /** One operation of the document: its parameters and, when it takes JSON, the body's schema. */
    private record Operation(HttpMethod method, String template, JsonNode spec) {

        List<JsonNode> parameters() {
            List<JsonNode> parameters = new ArrayList<>();
            spec.path("parameters").forEach(parameters::add);
            return parameters;
        }

        @Nullable
        JsonNode jsonBody() {
            JsonNode content = spec.path("requestBody").path("content");
            return content.has("application/json")
                    ? content.get("application/json").path("schema")
                    : null;
        }

        @Nullable
        String otherBodyType() {
            var names = spec.path("requestBody").path("content").propertyNames();
            return names.isEmpty() || names.contains("application/json")
                    ? null
                    : names.iterator().next();
        }
    }

    private void sweep(Operation operation, String bearer) throws Exception {
        Map<String, String> baseline = new LinkedHashMap<>();
        for (JsonNode parameter : operation.parameters()) {
            baseline.put(key(parameter), baselineText(parameter));
        }
        JsonNode bodySchema = operation.jsonBody();
        ObjectNode body = bodySchema == null ? null : baselineObject(resolve(bodySchema));

        for (JsonNode parameter : operation.parameters()) {
            String key = key(parameter);
            if (key.equalsIgnoreCase("header:Accept")) {
                // content negotiation, not input: a refused Accept gets Jetty's error page, which MockMvc does not
                // render (see MalformedRequestTests for a real server)
                continue;
            }
            List<String> values = parameter.get("in").asString().equals("path") ? HOSTILE_PATH : HOSTILE_TEXT;
            for (String value : values) {
                Map<String, String> params = new LinkedHashMap<>(baseline);
                params.put(key, value);
                send(
                        operation,
                        bearer,
                        params,
                        body == null ? null : body.toString(),
                        key + "=" + shown(value),
                        value.isBlank() ? BLANK_IS_ABSENT : null);
            }
            if (!parameter.get("in").asString().equals("path")) {
                Map<String, String> params = new LinkedHashMap<>(baseline);
                params.remove(key);
                send(operation, bearer, params, body == null ? null : body.toString(), key + " left out", null);
            }
        }
        if (body != null) {
            JsonNode properties = resolve(bodySchema).path("properties");
            for (String field : body.propertyNames()) {
                boolean text = resolve(properties.path(field))
                        .path("type")
                        .asString("")
                        .equals("string");
                for (JsonNode value : HOSTILE_JSON) {
                    ObjectNode changed = body.deepCopy();
                    changed.set(field, value);
                    boolean coerced = text && (value.isNumber() || value.isBoolean());
                    send(
                            operation,
                            bearer,
                            baseline,
                            changed.toString(),
                            field + "=" + shown(value.toString()),
                            coerced ? SCALARS_BECOME_TEXT : null);
                }
                ObjectNode missing = body.deepCopy();
                missing.remove(field);
                send(operation, bearer, baseline, missing.toString(), field + " left out", null);
            }
            for (String whole : List.of("", "null", "[]", "{\"a\":")) {
                send(operation, bearer, baseline, whole, "body " + shown(whole), null);
            }
        } else if (operation.otherBodyType() != null) {
            for (String text : HOSTILE_TEXT) {
                send(operation, bearer, baseline, text, "body " + shown(text), null);
            }
        }
    }

    private void send(
            Operation operation,
            String bearer,
            Map<String, String> params,
            @Nullable String body,
            String what,
            @Nullable String lenientBecause)
            throws Exception {
        String path = operation.template();
        MockHttpServletRequestBuilder request;
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            String in = key.substring(0, key.indexOf(':'));
            String name = key.substring(key.indexOf(':') + 1);
            switch (in) {
                case "path" -> {}
                case "header" -> headers.put(name, value);
                default -> query.put(name, value);
            }
        });
        for (var entry : params.entrySet()) {
            if (entry.getKey().startsWith("path:")) {
                path = path.replace(
                        "{" + entry.getKey().substring(5) + "}",
                        UriUtils.encodePathSegment(entry.getValue(), StandardCharsets.UTF_8));
            }
        }
        StringBuilder uri = new StringBuilder(path);
        query.forEach((name, value) -> uri.append(uri.indexOf("?") < 0 ? '?' : '&')
                .append(UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8))
                .append('=')
                .append(UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8)));
        request = MockMvcRequestBuilders.request(operation.method(), URI.create(uri.toString()))
                .header("Authorization", bearer);
        headers.forEach(request::header);
        if (lenientBecause != null) {
            request.with(ContractGuardConfiguration.offContract(lenientBecause));
        }
        if (body != null) {
            String type = operation.otherBodyType();
            request.contentType(type == null ? MediaType.APPLICATION_JSON_VALUE : type)
                    .content(body);
        }
        requests++;
        String label = operation.method() + " " + operation.template() + " [" + what + "]";
        try {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            int status = response.getStatus();
            if (status >= 500) {
                failures.add(label + " → " + status + " " + shown(response.getContentAsString()));
            } else if (status >= 400
                    && (response.getContentType() == null
                            || !response.getContentType().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE))) {
                failures.add(label + " → " + status + " as " + response.getContentType());
            } else if (status >= 400
                    && Api8MisconfigurationTests.LEAK
                            .matcher(response.getContentAsString())
                            .find()) {
                failures.add(label + " → " + status + " leaks: " + shown(response.getContentAsString()));
            }
        } catch (AssertionError contract) {
            String message = String.valueOf(contract.getMessage());
            int violations = message.indexOf("\n");
            failures.add(label + " → contract: " + shown(message.substring(0, Math.min(message.length(), 120)))
                    + (violations < 0 ? "" : " " + shown(message.substring(violations + 1))));
        }
    }

    private static String key(JsonNode parameter) {
        return parameter.get("in").asString() + ":" + parameter.get("name").asString();
    }

    private String baselineText(JsonNode parameter) {
        String name = parameter.get("name").asString();
        JsonNode schema = resolve(parameter.path("schema"));
        if (parameter.get("in").asString().equals("path")) {
            return schema.path("type").asString("").equals("integer") ? "987654321987" : "ZZ-NOSUCH-1";
        }
        if (name.equalsIgnoreCase("Idempotency-Key")) {
            return SecurityFixture.key();
        }
        if (name.equalsIgnoreCase("Accept")) {
            return "*/*";
        }
        if (parameter.has("example")) {
            return parameter.get("example").asString();
        }
        JsonNode value = baselineValue(schema, name);
        return value.isString() ? value.asString() : value.toString();
    }

    private ObjectNode baselineObject(JsonNode schema) {
        ObjectNode object = NODES.objectNode();
        for (var property : schema.path("properties").properties()) {
            object.set(property.getKey(), baselineValue(resolve(property.getValue()), property.getKey()));
        }
        return object;
    }

    private JsonNode baselineValue(JsonNode schema, String name) {
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asString("string");
        String format = schema.path("format").asString("");
        return switch (type) {
            case "integer", "number" ->
                name.toLowerCase(Locale.ROOT).endsWith("id") ? NODES.numberNode(987654321987L) : NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> NODES.arrayNode().add(baselineValue(resolve(schema.path("items")), name));
            case "object" -> baselineObject(schema);
            default ->
                switch (format) {
                    case "email" -> NODES.stringNode("sweep-nobody@example.test");
                    // far ahead, so a range with one end left out is still small (the order export streams it)
                    case "date-time" -> NODES.stringNode("2099-01-01T00:00:00Z");
                    case "date" -> NODES.stringNode("2026-01-01");
                    default -> NODES.stringNode("sweep");
                };
        };
    }

    private JsonNode resolve(JsonNode schema) {
        return schema.has("$ref")
                ? schemas.path(schema.get("$ref").asString().replace("#/components/schemas/", ""))
                : schema;
    }

    private static String shown(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "·");
        return printable.length() > 300 ? printable.substring(0, 300) + "…" : printable;
    }
}
