package dev.emporium.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CORS policy ({@code emporium.web.cors.*}), applied before authentication so a browser's preflight (which
 * carries no token) gets its answer here.
 *
 * <ul>
 *   <li>A preflight from a listed origin: 200 with the allowed methods, headers and max-age; nothing else runs.
 *   <li>A preflight from any other origin (with the default empty list: from every origin): 403 problem+json, no
 *       CORS headers, so the browser blocks the call.
 *   <li>An actual request from a listed origin: it runs, and the response carries
 *       {@code Access-Control-Allow-Origin} and the exposed headers. From any other origin it also runs (a browser
 *       sends {@code Origin} on same-origin POSTs too, and non-browser clients are not bound by CORS anyway) but
 *       without CORS headers, so a cross-origin script cannot read the answer.
 * </ul>
 *
 * No credentials mode: the API authenticates with bearer tokens, never cookies.
 */
final class CorsPolicyFilter extends OncePerRequestFilter {

    private final CorsConfiguration configuration;
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor();
    private final JsonMapper json;

    CorsPolicyFilter(WebPolicyProperties.Cors cors, JsonMapper json) {
        this.json = json;
        this.configuration = new CorsConfiguration();
        cors.allowedOrigins().forEach(configuration::addAllowedOriginPattern);
        configuration.setAllowedMethods(cors.allowedMethods());
        configuration.setAllowedHeaders(cors.allowedHeaders());
        configuration.setExposedHeaders(cors.exposedHeaders());
        configuration.setMaxAge(cors.maxAge());
        configuration.setAllowCredentials(false);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin == null || !CorsUtils.isCorsRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean allowed = configuration.checkOrigin(origin) != null;
        if (CorsUtils.isPreFlightRequest(request)) {
            if (allowed && preflightAsksOnlyForWhatIsAllowed(request)) {
                processor.processRequest(configuration, request, response);
            } else {
                refuse(response, origin);
            }
            return;
        }
        if (allowed) {
            processor.processRequest(configuration, request, response);
        }
        chain.doFilter(request, response);
    }

    /** Checked here rather than left to the processor, whose own refusal is a plain-text 403. */
    private boolean preflightAsksOnlyForWhatIsAllowed(HttpServletRequest request) {
        String method = request.getHeader("Access-Control-Request-Method");
        if (method == null || configuration.checkHttpMethod(HttpMethod.valueOf(method.trim())) == null) {
            return false;
        }
        List<String> headers = new ArrayList<>();
        String asked = request.getHeader("Access-Control-Request-Headers");
        if (asked != null) {
            for (String header : asked.split(",")) {
                if (!header.isBlank()) {
                    headers.add(header.trim());
                }
            }
        }
        return headers.isEmpty() || configuration.checkHeaders(headers) != null;
    }

    private void refuse(HttpServletResponse response, String origin) throws IOException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(
                response.getOutputStream(),
                Problems.of(
                        HttpStatus.FORBIDDEN,
                        "Cross-origin request refused",
                        "Origin " + origin
                                + " may not call this API from a browser, or not with this method or headers",
                        Map.of()));
    }
}
