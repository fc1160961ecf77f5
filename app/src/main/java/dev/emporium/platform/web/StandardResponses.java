package dev.emporium.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;

/**
 * Completes every operation of the document with what the platform, not the controller, decides:
 * who may call it ({@code security}, from {@link ApiAccess}, the table the security chain enforces)
 * and the error responses any operation can produce, all as {@code application/problem+json} with
 * the shared {@code Problem} schema.
 *
 * <p>Added to every operation: 400 (malformed query, invalid parameter), 401 (missing or invalid
 * token; on public operations only when an invalid token is sent), 414 and 431 (URL or headers too
 * long), 429 (+ {@code Retry-After}, {@code RateLimit-Policy}, {@code RateLimit}: every API route is
 * rate limited, see {@code platform.ratelimit}; not listed when {@code emporium.rate-limit.enabled}
 * is off), 500, 503 (+ {@code Retry-After}: shed by {@link LoadShedder}, no database connection in
 * time, or a statement cancelled at its timeout); 403 on ADMIN and STAFF routes; 413 and 415 on operations
 * with a request body. Every success response declares the {@code RateLimit-Policy} and {@code RateLimit}
 * fields the limiter adds. A platform mechanism that adds a status to every operation adds it here, in the
 * same commit: not before, since the document must not promise what the server cannot answer.
 *
 * <h2>What a new endpoint declares itself, to pass the contract guard</h2>
 *
 * <ul>
 *   <li>{@code @Tag(name = ...)} on the controller and {@code @Operation(operationId, summary)} on the
 *       method; request and response records carry Bean Validation constraints (they become bounds)
 *       and {@code @Schema(example = ..., nullable = true)} where a value can be null.
 *   <li>Each status specific to the operation, e.g. {@code @ApiResponse(responseCode = "404",
 *       description = "No such product")} or 409, 422; content is filled in here with {@code Problem}.
 *       Declaring the success status too ({@code 201}, {@code 204}) keeps springdoc from guessing.
 *   <li>A public route goes into {@link ApiAccess#PUBLIC_ROUTES}; nothing else is needed for bearer
 *       security, 401 and 403.
 * </ul>
 *
 * Integration tests then validate every exchange against the served document (the test support's
 * contract guard): a status or body the document does not list fails the test.
 */
final class StandardResponses implements OpenApiCustomizer {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    private static final String RATE_LIMIT = "RateLimit";

    /** Whether the rate limiter runs ({@code emporium.rate-limit.enabled}): only then is 429 promised. */
    private final boolean rateLimited;

    StandardResponses(boolean rateLimited) {
        this.rateLimited = rateLimited;
    }

    /** Shared responses, referenced from every operation as {@code #/components/responses/{name}}. */
    private static final Map<String, String> SHARED = new LinkedHashMap<>();

    static {
        SHARED.put("400", "BadRequest");
        SHARED.put("401", "Unauthorized");
        SHARED.put("403", "Forbidden");
        SHARED.put("413", "ContentTooLarge");
        SHARED.put("414", "UriTooLong");
        SHARED.put("415", "UnsupportedMediaType");
        SHARED.put("429", "TooManyRequests");
        SHARED.put("431", "HeadersTooLarge");
        SHARED.put("500", "InternalError");
        SHARED.put("503", "ServiceUnavailable");
    }

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        components.addSchemas(OpenApiConfiguration.PROBLEM, OpenApiConfiguration.problemSchema());
        components.addResponses(
                "BadRequest",
                problem(
                        "Malformed or invalid request: bad percent-encoding, "
                                + "invalid UTF-8, a duplicated parameter, a parameter or field that breaks its rule, a body that is not JSON"));
        components.addResponses(
                "Unauthorized",
                problem("No bearer token, or an invalid or expired one")
                        .addHeaderObject(
                                "WWW-Authenticate", new Header().schema(new StringSchema().example("Bearer"))));
        components.addResponses("Forbidden", problem("The caller's role does not allow this operation"));
        components.addResponses("ContentTooLarge", problem("The request body is larger than 1 MiB"));
        components.addResponses("UriTooLong", problem("The URL is longer than the server accepts"));
        components.addResponses("UnsupportedMediaType", problem("The body is not application/json"));
        components.addResponses("HeadersTooLarge", problem("The request headers are larger than the server accepts"));
        components.addResponses("InternalError", problem("An unexpected error; the body never carries details"));
        components.addResponses(
                "ServiceUnavailable",
                problem(
                                "The server is at capacity (code overloaded: more database-bound requests than it admits at once,"
                                        + " and the short admission queue is full or the wait ran out; code hashing_busy: at"
                                        + " login or registration, every password-hashing slot and its queue busy), no database"
                                        + " connection came within the pool timeout, the database is unreachable, or a statement"
                                        + " ran over its time limit; retry after the given seconds")
                        .addHeaderObject(
                                "Retry-After",
                                new Header()
                                        .schema(new IntegerSchema()
                                                .format("int32")
                                                .example(1))));
        if (rateLimited) {
            components.addHeaders(
                    RATE_LIMIT_POLICY,
                    new Header()
                            .description("The quota policy that applies (draft-ietf-httpapi-ratelimit-headers): "
                                    + "name, quota q and window w in seconds")
                            .schema(new StringSchema().example("\"anonymous\";q=1200;w=60")));
            components.addHeaders(
                    RATE_LIMIT,
                    new Header()
                            .description("What is left of the quota: remaining r and seconds t until it resets "
                                    + "(or, when refused, until the next request is allowed)")
                            .schema(new StringSchema().example("\"anonymous\";r=1199;t=1")));
            components.addResponses(
                    "TooManyRequests",
                    problem("A rate limit was reached (per client address, per user, or the login guard's per "
                                    + "account limits); retry after the given seconds")
                            .addHeaderObject(
                                    "Retry-After",
                                    new Header()
                                            .required(true)
                                            .schema(new IntegerSchema()
                                                    .format("int32")
                                                    .example(6)))
                            .addHeaderObject(RATE_LIMIT_POLICY, headerRef(RATE_LIMIT_POLICY))
                            .addHeaderObject(RATE_LIMIT, headerRef(RATE_LIMIT)));
        }
        openApi.getPaths()
                .forEach((path, item) -> operations(item).forEach((method, operation) -> {
                    ApiAccess.Level level = ApiAccess.of(method, path);
                    complete(operation, level);
                }));
    }

    private static Header headerRef(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    private void complete(Operation operation, ApiAccess.Level level) {
        operation.setSecurity(
                level == ApiAccess.Level.PUBLIC ? List.of() : List.of(new SecurityRequirement().addList("bearer")));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.forEach((code, response) -> {
            if (response.get$ref() != null) {
                return;
            }
            if (isError(code)) {
                response.setContent(problemContent());
            } else if (code.equals("304") || code.equals("204")) {
                response.setContent(null);
            }
            if (rateLimited && !isError(code)) {
                response.addHeaderObject(RATE_LIMIT_POLICY, headerRef(RATE_LIMIT_POLICY));
                response.addHeaderObject(RATE_LIMIT, headerRef(RATE_LIMIT));
            }
        });
        add(responses, "400");
        add(responses, "401");
        if (level == ApiAccess.Level.ADMIN || level == ApiAccess.Level.STAFF) {
            add(responses, "403");
        }
        if (operation.getRequestBody() != null) {
            add(responses, "413");
            add(responses, "415");
        }
        add(responses, "414");
        if (rateLimited) {
            add(responses, "429");
        }
        add(responses, "431");
        add(responses, "500");
        add(responses, "503");
        operation.setResponses(sorted(responses));
    }

    private static void add(ApiResponses responses, String code) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().$ref("#/components/responses/" + SHARED.get(code)));
        }
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        responses.keySet().stream().sorted().forEach(code -> sorted.addApiResponse(code, responses.get(code)));
        return sorted;
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5");
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    static Content problemContent() {
        Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + OpenApiConfiguration.PROBLEM);
        return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref));
    }

    private static Map<HttpMethod, Operation> operations(PathItem item) {
        Map<HttpMethod, Operation> operations = new LinkedHashMap<>();
        item.readOperationsMap()
                .forEach((method, operation) -> operations.put(HttpMethod.valueOf(method.name()), operation));
        return operations;
    }
}
