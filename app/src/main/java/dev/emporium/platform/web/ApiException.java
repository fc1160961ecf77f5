package dev.emporium.platform.web;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.modulith.NamedInterface;

/**
 * An expected failure that becomes a problem+json response with the given status. Features throw
 * the factory-made kinds below; {@link ApiExceptionHandler} renders them.
 */
@NamedInterface("web")
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, String> errors;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String title, String detail, Map<String, String> errors) {
        this(status, title, detail, errors, Map.of());
    }

    /** With extra top-level members of the problem body (e.g. the limit a request exceeded). */
    public ApiException(
            HttpStatus status, String title, String detail, Map<String, String> errors, Map<String, ?> properties) {
        this(status, title, detail, errors, properties, Map.of());
    }

    /**
     * With response headers as well, for answers whose meaning depends on one: a 429 or 503 carries
     * {@code Retry-After} (and a rate limiter's {@code RateLimit} fields).
     */
    public ApiException(
            HttpStatus status,
            String title,
            String detail,
            Map<String, String> errors,
            Map<String, ?> properties,
            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = Map.copyOf(errors);
        this.properties = Map.copyOf(properties);
        this.headers = Map.copyOf(headers);
    }

    /** 422: the request is well formed but breaks a business rule (a limit, the balance, a stored key). */
    public static ApiException unprocessable(String detail, Map<String, ?> properties) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable request", detail, Map.of(), properties);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail, Map.of());
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(
                HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message, Map.of(field, message));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, Map.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, String> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
