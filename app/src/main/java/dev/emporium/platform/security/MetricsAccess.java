package dev.emporium.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Who may read the metrics endpoints ({@code /actuator/prometheus}, {@code /actuator/metrics/**}): they describe the
 * service's internals (routes, pool sizes, error rates), so they are not public. Any one of these suffices:
 *
 * <ol>
 *   <li>an ADMIN access token;
 *   <li>the configured scrape token, {@code Authorization: Bearer <emporium.metrics.scrape-token>} (compared in
 *       constant time; it is not a JWT, so the token resolver lets it past the JWT decoder on these paths only);
 *   <li>a direct request from {@code emporium.metrics.allowed-networks} (default loopback): direct meaning no
 *       {@code X-Forwarded-For} or {@code Forwarded} header, so a reverse proxy on the same host does not open the
 *       endpoints to whoever it forwards.
 * </ol>
 *
 * Anyone else gets 401 (no or an invalid credential) or 403 (a valid non-ADMIN token).
 */
final class MetricsAccess implements AuthorizationManager<RequestAuthorizationContext> {

    static final String[] PATHS = {"/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**"};

    private final byte @Nullable [] scrapeHeader;
    private final List<IpAddressMatcher> networks;

    MetricsAccess(MetricsAccessProperties properties) {
        String token = properties.scrapeToken();
        this.scrapeHeader = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.networks =
                properties.allowedNetworks().stream().map(IpAddressMatcher::new).toList();
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends @Nullable Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        return new AuthorizationDecision(
                presentsScrapeToken(request) || directFromAllowedNetwork(request) || isAdmin(authentication.get()));
    }

    boolean presentsScrapeToken(HttpServletRequest request) {
        byte[] expected = scrapeHeader;
        String header = request.getHeader("Authorization");
        return expected != null
                && header != null
                && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private boolean directFromAllowedNetwork(HttpServletRequest request) {
        if (request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null) {
            return false;
        }
        String peer = request.getRemoteAddr();
        return networks.stream().anyMatch(network -> network.matches(peer));
    }

    private static boolean isAdmin(@Nullable Authentication authentication) {
        return authentication != null
                && authentication.isAuthenticated()
                && authentication.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    /** The default resolver, except that the scrape token on a metrics path is not taken for a JWT. */
    BearerTokenResolver tokenResolver() {
        DefaultBearerTokenResolver jwt = new DefaultBearerTokenResolver();
        return request -> {
            String path = request.getRequestURI();
            if (path.startsWith("/actuator/") && presentsScrapeToken(request)) {
                return null;
            }
            return jwt.resolve(request);
        };
    }
}
