package dev.emporium.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where exceptions become HTTP answers. Bad input is always a 4xx problem+json with
 * the offending fields under {@code errors}; a pool that cannot hand out a connection in time, a database
 * that went away mid-request and a statement over its {@code statement_timeout} are a 503 with {@code
 * Retry-After}; anything unexpected is a 500 whose body never carries a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final JsonMapper json;

    ApiExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException e) {
        ResponseEntity<ProblemDetail> response = problem(e.status(), e.title(), e.getMessage(), e.errors());
        ProblemDetail body = java.util.Objects.requireNonNull(response.getBody(), "problem() always sets a body");
        e.properties().forEach(body::setProperty);
        if (e.headers().isEmpty()) {
            return response;
        }
        return ResponseEntity.status(response.getStatusCode())
                .headers(h -> {
                    h.addAll(response.getHeaders());
                    e.headers().forEach(h::set);
                })
                .body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        String message = "must be a valid "
                + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName());
        return problem(
                HttpStatus.BAD_REQUEST, "Invalid request", e.getName() + ": " + message, Map.of(e.getName(), message));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getConstraintViolations().forEach(v -> {
            String path = v.getPropertyPath().toString();
            errors.putIfAbsent(path.substring(path.lastIndexOf('.') + 1), v.getMessage());
        });
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Some parameters are invalid", errors);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> handleIntegrity(DataIntegrityViolationException e) {
        log.debug("integrity violation", e);
        if (isDataException(e)) {
            // SQLSTATE class 22: a value the client sent that PostgreSQL cannot hold (a NUL character in text,
            // a timestamp beyond its calendar, a number out of range): bad input, not a conflict with stored rows
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid request",
                    "A value in the request is out of range or contains characters that cannot be stored",
                    Map.of());
        }
        return problem(HttpStatus.CONFLICT, "Conflict", "The request conflicts with existing data", Map.of());
    }

    private static boolean isDataException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        DataAccessResourceFailureException.class,
        CannotCreateTransactionException.class,
        SQLTransientConnectionException.class
    })
    ResponseEntity<ProblemDetail> handleNoConnection(Exception e) {
        log.warn("no database connection in time: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Service unavailable",
                        "The database is busy or unreachable; retry shortly",
                        Map.of()));
    }

    /**
     * The security firewall checks header values lazily, when the application first reads them: a header with
     * a control character (an {@code If-None-Match} or {@code Idempotency-Key} with a line break, a C1 control
     * that Jetty lets through as obs-text) fails inside the controller. That is bad input, not a server fault.
     * The problem is written directly: content negotiation would read {@code Accept}, which may be the very
     * header at fault. The detail names nothing of what the firewall looked for, and the log does not quote
     * the value.
     */
    @ExceptionHandler(RequestRejectedException.class)
    void handleRejected(RequestRejectedException e, HttpServletRequest request, HttpServletResponse response)
            throws java.io.IOException {
        log.debug("request rejected by the firewall ({})", e.getClass().getSimpleName());
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                "Invalid request",
                "The request has a header, parameter or path with characters the server does not accept",
                Map.of());
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void rethrowSecurity(RuntimeException e) {
        throw e;
    }

    /**
     * A statement cancelled at its {@code statement_timeout} (SQLSTATE 57014): the database is too slow for this
     * request right now (a lock held elsewhere, an overloaded server). 503 with {@code Retry-After}, like a pool
     * timeout: the client may retry, nothing was changed (the transaction rolled back).
     */
    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<ProblemDetail> handleStatementTimeout(Exception e) {
        log.warn("statement cancelled at its timeout: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Service unavailable",
                        "The database did not answer within this request's time limit; retry shortly",
                        Map.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        if (cancelledAtTimeout(e)) {
            return handleStatementTimeout(e);
        }
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "An unexpected error occurred", Map.of());
    }

    @ExceptionHandler(ContentTooLargeException.class)
    ResponseEntity<ProblemDetail> handleTooLarge(ContentTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Content too large", e.getMessage(), Map.of());
    }

    /**
     * A body that is not JSON, or JSON past a parser limit ({@code spring.jackson.factory.constraints.read.*}:
     * nesting depth, string, number and name lengths, token count): 400 saying which, never the parser's internals.
     * A chunked body that outgrew the body limit while being parsed is 413.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ContentTooLargeException tooLarge) {
                return typed(Problems.of(
                        HttpStatus.CONTENT_TOO_LARGE, "Content too large", tooLarge.getMessage(), Map.of()));
            }
            if (cause instanceof StreamConstraintsException limit) {
                return typed(Problems.of(
                        HttpStatus.BAD_REQUEST, "Request body exceeds a limit", LimitMessages.of(limit), Map.of()));
            }
        }
        return super.handleHttpMessageNotReadable(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.putIfAbsent(g.getObjectName(), g.getDefaultMessage()));
        return typed(Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", "Some fields are invalid", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(err -> errors.putIfAbsent(name, err.getDefaultMessage()));
        });
        return typed(Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", "Some parameters are invalid", errors));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail detail) {
            String title = detail.getTitle() == null
                    ? HttpStatus.valueOf(status.value()).getReasonPhrase()
                    : detail.getTitle();
            ProblemDetail problem =
                    Problems.of(status, title, detail.getDetail() == null ? title : detail.getDetail(), Map.of());
            return ResponseEntity.status(status)
                    .headers(headers)
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** SQLSTATE 57014 anywhere in the chain, whichever exception Spring translated it into. */
    static boolean cancelledAtTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> problem(
            HttpStatusCode status, String title, @Nullable String detail, Map<String, String> errors) {
        return ResponseEntity.status(status)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, title, detail, errors));
    }

    private static ResponseEntity<Object> typed(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
