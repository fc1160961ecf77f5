package dev.emporium.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rejects requests whose shape is wrong before any other part of the application reads them, so
 * that malformed input is a 4xx problem+json and never reaches code that would turn the
 * container's parse error into a 500.
 *
 * <ul>
 *   <li>A query string that is not valid percent-encoded UTF-8 ({@code %%%}, {@code %C3%28}) → 400.
 *       The raw query is decoded here with a strict decoder; Jetty's own lenient-then-throwing
 *       parameter parser is never asked first.
 *   <li>A parameter given twice under {@code /api/} → 400: no API parameter is multi-valued, and
 *       silently picking one of two values hides client bugs (and splits cache keys).
 *   <li>A declared body larger than {@link WebGuardConfiguration#MAX_BODY_BYTES} → 413 without reading it; a body
 *       without a declared length (chunked) → 413 as soon as reading it passes the same bound
 *       ({@link BoundedBodyRequest}).
 * </ul>
 *
 * Path encoding errors, over-long URLs (414) and headers (431) are the container's to detect; see
 * {@link JettyProblemErrors}.
 */
final class RequestGuardFilter extends OncePerRequestFilter {

    private final JsonMapper json;
    private final long maxBodyBytes;

    RequestGuardFilter(JsonMapper json, long maxBodyBytes) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem =
                queryProblem(request.getQueryString(), request.getRequestURI().startsWith("/api/"));
        if (problem != null) {
            reject(response, HttpStatus.BAD_REQUEST, "Malformed request", problem);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            reject(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Content too large",
                    "The request body may be at most " + maxBodyBytes + " bytes");
            return;
        }
        chain.doFilter(length < 0 ? new BoundedBodyRequest(request, maxBodyBytes) : request, response);
    }

    /** Null when the query is well formed, else what is wrong with it, in words a client can act on. */
    static @Nullable String queryProblem(@Nullable String query, boolean singleValued) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            try {
                name = decode(eq < 0 ? pair : pair.substring(0, eq));
                if (eq >= 0) {
                    decode(pair.substring(eq + 1));
                }
            } catch (IllegalArgumentException e) {
                return "The query string is not valid percent-encoded UTF-8: " + e.getMessage();
            }
            if (singleValued && !names.add(name)) {
                return "The query parameter '" + name + "' is given more than once";
            }
        }
        return null;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    throw new IllegalArgumentException("'%' must be followed by two hexadecimal digits");
                }
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the decoded bytes are not UTF-8");
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private void reject(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.of(status, title, detail, Map.of()));
    }
}
