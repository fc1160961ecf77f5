package dev.emporium.platform.ratelimit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two request filters. Both touch only {@code /api/**} (health probes, metrics and the API
 * document are not limited) and cost one bucket operation per request: a Caffeine lookup and an
 * atomic update in process, or one Redis round trip when shared.
 *
 * <ul>
 *   <li>{@link ByAddress} runs before the response cache (order HIGHEST + 17), so cache hits count
 *       too. Login, registration and refresh draw from their own strict groups per client address,
 *       whatever the credentials; any other call without a bearer token draws from {@code anonymous}
 *       (another {@code Authorization} scheme does not exempt it). Calls with one are left to the next
 *       filter; a bearer token that fails verification is charged to {@code anonymous} by
 *       {@link #chargingInvalidTokens}, so a flood of forged or stale tokens is refused with 429 once
 *       its address has spent the anonymous budget, like any other unauthenticated caller.
 *   <li>{@link ByUser} runs inside the security chain right after bearer authentication: an
 *       authenticated call draws from {@code authenticated}, keyed by the token's {@code sub}. A
 *       request whose token is invalid never gets here (401 first; checking an HMAC is cheap).
 * </ul>
 *
 * Every limited response carries {@code RateLimit-Policy} and {@code RateLimit}; a refused one is a
 * 429 problem+json with {@code Retry-After} as well, written here without reaching any controller.
 */
final class RateLimitFilters {

    private RateLimitFilters() {}

    static final class ByAddress extends OncePerRequestFilter {

        private final RateLimits limits;
        private final ClientAddress addresses;
        private final JsonMapper json;

        ByAddress(RateLimits limits, ClientAddress addresses, JsonMapper json) {
            this.limits = limits;
            this.addresses = addresses;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String address = addresses.resolve(request);
            String path = request.getRequestURI();
            if (!limits.enabled() || !path.startsWith("/api/")) {
                chain.doFilter(request, response);
                return;
            }
            String group = group(request.getMethod(), path, bearer(request.getHeader(HttpHeaders.AUTHORIZATION)));
            if (group == null) {
                chain.doFilter(request, response);
                return;
            }
            if (admit(limits.tryConsume(group, ClientAddress.bucketKey(address)), response, json)) {
                chain.doFilter(request, response);
            }
        }

        /**
         * Only a bearer token hands the call to the per-user limit: any other {@code Authorization}
         * (Basic, garbage) is ignored by the security chain, so it must not skip the per-address limit.
         */
        static boolean bearer(@Nullable String authorization) {
            return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        }

        static @Nullable String group(String method, String path, boolean credentials) {
            if ("POST".equals(method)) {
                switch (path) {
                    case "/api/v1/auth/login" -> {
                        return RateLimits.LOGIN;
                    }
                    case "/api/v1/auth/register" -> {
                        return RateLimits.REGISTER;
                    }
                    case "/api/v1/auth/refresh" -> {
                        return RateLimits.REFRESH;
                    }
                    default -> {
                        // limited below
                    }
                }
            }
            return credentials ? null : RateLimits.ANONYMOUS;
        }
    }

    static final class ByUser extends OncePerRequestFilter {

        private final RateLimits limits;
        private final JsonMapper json;

        ByUser(RateLimits limits, JsonMapper json) {
            this.limits = limits;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (!limits.enabled()
                    || !request.getRequestURI().startsWith("/api/")
                    || authentication == null
                    || !(authentication.getPrincipal() instanceof Jwt jwt)
                    || jwt.getSubject() == null
                    || ByAddress.group(request.getMethod(), request.getRequestURI(), true) != null) {
                chain.doFilter(request, response);
                return;
            }
            if (admit(limits.tryConsume(RateLimits.AUTHENTICATED, jwt.getSubject()), response, json)) {
                chain.doFilter(request, response);
            }
        }
    }

    /**
     * Wraps the security chain's answer to a bearer token that failed verification (forged, expired,
     * revoked, malformed): the call is charged to its address's {@code anonymous} bucket, and once that
     * is empty the answer is 429 instead of 401. Only such failures reach this entry point; a call with no
     * token at all was charged by {@link ByAddress} already.
     */
    static AuthenticationEntryPoint chargingInvalidTokens(
            RateLimits limits, ClientAddress addresses, JsonMapper json, AuthenticationEntryPoint rejection) {
        return (request, response, failure) -> {
            if (!limits.enabled() || !request.getRequestURI().startsWith("/api/")) {
                rejection.commence(request, response, failure);
                return;
            }
            String key = ClientAddress.bucketKey(addresses.resolve(request));
            if (admit(limits.tryConsume(RateLimits.ANONYMOUS, key), response, json)) {
                rejection.commence(request, response, failure);
            }
        };
    }

    /** Writes the fields; on refusal also the 429 and answers false. */
    static boolean admit(Decision decision, HttpServletResponse response, JsonMapper json) throws IOException {
        decision.headers().forEach(response::setHeader);
        if (decision.allowed()) {
            return true;
        }
        RateLimitExceeded refusal = new RateLimitExceeded(decision, "rate_limited", RateLimitExceeded.detail(decision));
        var problem = dev.emporium.platform.web.Problems.of(
                HttpStatus.TOO_MANY_REQUESTS, RateLimitExceeded.TITLE, refusal.getMessage(), java.util.Map.of());
        refusal.properties().forEach(problem::setProperty);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
        return false;
    }
}
