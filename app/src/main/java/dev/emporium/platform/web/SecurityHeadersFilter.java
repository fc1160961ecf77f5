package dev.emporium.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response, set before anything else runs so that answers produced ahead of Spring
 * Security (response-cache hits, 413s, preflight refusals, the container's error pages) carry them too:
 *
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}, {@code X-Frame-Options: DENY};
 *   <li>{@code Content-Security-Policy}: for the /ops page, its own assets only (no inline script or style, no other
 *       origin, the API on the same origin); for Swagger UI only {@code frame-ancestors 'none'} (it uses inline
 *       code); for everything else, which is JSON, {@code default-src 'none'; frame-ancestors 'none'};
 *   <li>{@code Strict-Transport-Security} only on a request that came over TLS: received over TLS by Jetty, or
 *       marked {@code X-Forwarded-Proto: https} by a proxy in {@code emporium.web.trusted-proxies}
 *       ({@link TrustedProxies}, the list the rate limiter's client address reads too). Over plain HTTP the header
 *       means nothing and a client could not be told otherwise, so it is not sent.
 * </ul>
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String OPS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String DOCS_POLICY = "frame-ancestors 'none'";
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private final TrustedProxies trustedProxies;
    private final String hsts;

    SecurityHeadersFilter(WebPolicyProperties properties, TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
        this.hsts = "max-age=" + properties.hstsMaxAge().toSeconds() + "; includeSubDomains";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", policy(request.getRequestURI()));
        if (cameOverTls(request)) {
            response.setHeader("Strict-Transport-Security", hsts);
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    static String policy(String path) {
        if (path.equals("/ops") || path.startsWith("/ops/")) {
            return OPS_POLICY;
        }
        if (path.startsWith("/swagger-ui")) {
            return DOCS_POLICY;
        }
        return API_POLICY;
    }

    boolean cameOverTls(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        if (proto == null || !proto.trim().equalsIgnoreCase("https")) {
            return false;
        }
        return trustedProxies.contains(request.getRemoteAddr());
    }
}
