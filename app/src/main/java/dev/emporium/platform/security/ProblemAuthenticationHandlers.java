package dev.emporium.platform.security;

import dev.emporium.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as problem+json, like every other error; the 401 carries {@code WWW-Authenticate: Bearer}. */
final class ProblemAuthenticationHandlers {

    private ProblemAuthenticationHandlers() {}

    static AuthenticationEntryPoint entryPoint(JsonMapper json) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(json, response, HttpStatus.UNAUTHORIZED, "Unauthorized", "A valid bearer token is required");
        };
    }

    static AccessDeniedHandler accessDenied(JsonMapper json) {
        return (request, response, e) ->
                write(json, response, HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this operation");
    }

    private static void write(
            JsonMapper json, HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.of(status, title, detail, Map.of()));
    }
}
