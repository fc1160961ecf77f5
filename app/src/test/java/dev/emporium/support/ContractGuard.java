package dev.emporium.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks one HTTP exchange against the served OpenAPI document, with Atlassian's
 * swagger-request-validator (OpenAPI 3.0). A mismatch is an {@link AssertionError} that names the
 * operation and every violation, so the test that made the exchange fails.
 *
 * <p>The rules, and why:
 *
 * <ul>
 *   <li>Only {@code /api/**} is the contract; actuator, the document itself and Swagger UI are not.
 *   <li>The response is always checked: its status must be listed for the operation, its content
 *       type and body must match the listed schema (every error is the shared {@code Problem}).
 *   <li>The request is checked only when the server accepted it (status below 400). Tests send
 *       invalid requests on purpose to prove they are rejected; those requests are not meant to
 *       match the document, but the 4xx they receive is.
 *   <li>A request for a path or method the document does not have must be answered 404 or 405 as
 *       problem+json; anything else means the application serves an undocumented route.
 * </ul>
 */
public final class ContractGuard {

    /** One request and its response, as the test client saw them. */
    public record Exchange(
            String method,
            String path,
            String query,
            Map<String, List<String>> requestHeaders,
            byte[] requestBody,
            int status,
            Map<String, List<String>> responseHeaders,
            byte[] responseBody) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OpenApiInteractionValidator validator;
    private final JsonNode problemRequired;

    private ContractGuard(String document) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.path.missing", ValidationReport.Level.INFO)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.INFO)
                        .build())
                .build();
        this.problemRequired = JSON.readTree(document)
                .path("components")
                .path("schemas")
                .path("Problem")
                .path("required");
    }

    /** A guard for the given document (JSON, OpenAPI 3.0). */
    public static ContractGuard forDocument(String document) {
        return new ContractGuard(document);
    }

    /** A guard for the document a running server serves at {@code /v3/api-docs}. */
    public static ContractGuard forServer(java.net.URI base) {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(
                    java.net.http.HttpRequest.newBuilder(base.resolve("/v3/api-docs"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return forDocument(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks an exchange made with {@link java.net.http.HttpClient} and hands the response back, for
     * tests that talk to a real server: {@code guard.checked(http.send(request, ofByteArray()), body)}.
     *
     * @param requestBody the bytes the request sent, or null (a body publisher cannot be read back)
     */
    public java.net.http.HttpResponse<byte[]> checked(java.net.http.HttpResponse<byte[]> response, byte[] requestBody) {
        java.net.URI uri = response.request().uri();
        check(new Exchange(
                response.request().method(),
                uri.getRawPath(),
                uri.getRawQuery(),
                response.request().headers().map(),
                requestBody,
                response.statusCode(),
                response.headers().map(),
                response.body()));
        return response;
    }

    /** Fails with every violation of the document by this exchange; returns quietly otherwise. */
    public void check(Exchange exchange) {
        if (!exchange.path().startsWith("/api/")) {
            return;
        }
        SimpleResponse response = response(exchange);
        Request.Method method = Request.Method.valueOf(exchange.method());
        ValidationReport report = validator.validateResponse(exchange.path(), method, response);
        if (isUndocumented(report)) {
            checkUndocumented(exchange);
            return;
        }
        if (exchange.status() < 400) {
            report = report.merge(validator.validateRequest(request(exchange)));
        }
        if (report.hasErrors()) {
            throw new AssertionError("The exchange does not match the OpenAPI document: " + describe(exchange)
                    + "\n"
                    + report.getMessages().stream()
                            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                            .map(m -> "  - " + m.getKey() + ": " + m.getMessage()
                                    + m.getContext()
                                            .flatMap(c -> c.getPointers())
                                            .map(p -> " (at " + p.getInstance() + ")")
                                            .orElse(""))
                            .collect(Collectors.joining("\n")));
        }
    }

    private static boolean isUndocumented(ValidationReport report) {
        return report.getMessages().stream()
                .anyMatch(m -> m.getKey().equals("validation.request.path.missing")
                        || m.getKey().equals("validation.request.operation.notAllowed"));
    }

    private void checkUndocumented(Exchange exchange) {
        if (exchange.status() != 404 && exchange.status() != 405) {
            throw new AssertionError("The application answered an undocumented route with " + exchange.status() + ": "
                    + describe(exchange) + "\n  Document the operation (see StandardResponses) or remove it.");
        }
        String contentType = header(exchange.responseHeaders(), "Content-Type");
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            throw new AssertionError("A " + exchange.status() + " is not problem+json: " + describe(exchange));
        }
        JsonNode body = JSON.readTree(body(exchange));
        for (JsonNode field : problemRequired) {
            if (!body.has(field.asString())) {
                throw new AssertionError(
                        "A " + exchange.status() + " problem lacks '" + field.asString() + "': " + describe(exchange));
            }
        }
    }

    private static SimpleResponse response(Exchange exchange) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(exchange.status());
        exchange.responseHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Encoding")) {
                builder.withHeader(name, values);
            }
        });
        byte[] body = body(exchange);
        if (body.length > 0) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static SimpleRequest request(Exchange exchange) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(exchange.method(), exchange.path());
        exchange.requestHeaders().forEach(builder::withHeader);
        if (exchange.query() != null && !exchange.query().isEmpty()) {
            for (String pair : exchange.query().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                builder.withQueryParam(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        if (exchange.requestBody() != null && exchange.requestBody().length > 0) {
            builder.withBody(exchange.requestBody());
        }
        return builder.build();
    }

    /** The response body as sent, gunzipped when the server compressed it. */
    private static byte[] body(Exchange exchange) {
        byte[] body = exchange.responseBody() == null ? new byte[0] : exchange.responseBody();
        if ("gzip".equalsIgnoreCase(header(exchange.responseHeaders(), "Content-Encoding")) && body.length > 0) {
            try (var in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst())
                .findFirst()
                .orElse(null);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String describe(Exchange exchange) {
        String body = new String(body(exchange), StandardCharsets.UTF_8);
        return exchange.method() + " " + exchange.path() + (exchange.query() == null ? "" : "?" + exchange.query())
                + " → " + exchange.status() + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
    }
}
