package dev.emporium.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts every API request that reaches the application through the {@link LoadShedder}, and answers
 * the ones it refuses with 503 problem+json ({@code code: overloaded}) and {@code Retry-After}.
 *
 * <p>Where it sits decides what is never shed. It runs after the response cache (cache hits are
 * answered before it and cost no database work) and after Spring Security (a request without valid
 * credentials is refused with 401 before it takes a place). It covers {@code /api/**} only: health
 * probes, actuator, the OpenAPI document and Swagger UI are outside it, and so is the ops page's
 * snapshot ({@code /api/v1/admin/ops/**}), which operators need most when the node is overloaded.
 *
 * <p>Not every API request uses the database (a token refresh is mostly CPU), but nearly all do,
 * and one rule that holds for all is easier to reason about than a list kept in step with the
 * controllers.
 */
final class LoadSheddingFilter extends OncePerRequestFilter {

    static final String OPS_PREFIX = "/api/v1/admin/ops/";

    /** The detail of a refusal because every place, running and queued, is taken. */
    static final String AT_CAPACITY = "The server is at capacity; retry after the given seconds";

    private final LoadShedder shedder;
    private final String retryAfter;
    private final byte[] queueFullBody;
    private final byte[] waitBody;

    LoadSheddingFilter(LoadShedder shedder, JsonMapper json, long retryAfterSeconds) {
        this.shedder = shedder;
        this.retryAfter = Long.toString(retryAfterSeconds);
        this.queueFullBody = overloadedBody(json, AT_CAPACITY);
        this.waitBody = overloadedBody(
                json,
                "The server is at capacity and the request could not start in time; retry after the given seconds");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") || path.startsWith(OPS_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        LoadShedder.Admission admission = shedder.acquire();
        if (admission != LoadShedder.Admission.ADMITTED) {
            refuse(response, admission);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            shedder.release();
        }
    }

    private void refuse(HttpServletResponse response, LoadShedder.Admission admission) throws IOException {
        writeOverloaded(response, retryAfter, admission == LoadShedder.Admission.QUEUE_FULL ? queueFullBody : waitBody);
    }

    /** The 503 problem+json body of a refusal with this detail, {@code code: overloaded}; rendered once. */
    static byte[] overloadedBody(JsonMapper json, String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, Map.of());
        problem.setProperty("code", "overloaded");
        return json.writeValueAsBytes(problem);
    }

    /** 503 with {@code Retry-After} and a pre-rendered body: every refusal of load shedding. */
    static void writeOverloaded(HttpServletResponse response, String retryAfter, byte[] body) throws IOException {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
