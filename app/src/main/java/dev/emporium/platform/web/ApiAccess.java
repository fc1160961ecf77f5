package dev.emporium.platform.web;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which API route: the one table that both the security chain enforces and the OpenAPI
 * document publishes (per-operation {@code security}, 401 and 403 responses), so the two cannot
 * drift apart. Anything not listed as public needs a bearer token; {@code /api/v1/admin/**} needs
 * the ADMIN role; {@code /api/v1/fulfillment/**} needs STAFF or ADMIN (warehouse operators). A new public endpoint adds its route to {@link #PUBLIC_ROUTES}; a new
 * authenticated one needs no entry at all.
 */
public final class ApiAccess {

    /** The access level of one route, from the most to the least open. */
    public enum Level {
        PUBLIC,
        AUTHENTICATED,
        STAFF,
        ADMIN
    }

    /** A method and a path pattern ({@code /api/v1/products/**}) that anyone may call. */
    public record Route(HttpMethod method, String pattern) {}

    public static final List<Route> PUBLIC_ROUTES = List.of(
            new Route(HttpMethod.GET, "/api/v1/categories/**"),
            new Route(HttpMethod.GET, "/api/v1/products/**"),
            new Route(HttpMethod.GET, "/api/v1/search"),
            new Route(HttpMethod.GET, "/api/v1/search/**"),
            new Route(HttpMethod.POST, "/api/v1/auth/register"),
            new Route(HttpMethod.POST, "/api/v1/auth/login"),
            new Route(HttpMethod.POST, "/api/v1/auth/refresh"),
            new Route(HttpMethod.POST, "/api/v1/auth/logout"));

    public static final String ADMIN_PATTERN = "/api/v1/admin/**";

    /** Warehouse routes: the STAFF role, or ADMIN, which may do everything STAFF may. */
    public static final String STAFF_PATTERN = "/api/v1/fulfillment/**";

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

    private ApiAccess() {}

    /** The level of an operation as documented: {@code path} is the template, e.g. {@code /api/v1/products/{id}}. */
    public static Level of(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Route route : PUBLIC_ROUTES) {
            if (route.method().equals(method) && pattern(route.pattern()).matches(container)) {
                return Level.PUBLIC;
            }
        }
        if (pattern(ADMIN_PATTERN).matches(container)) {
            return Level.ADMIN;
        }
        return pattern(STAFF_PATTERN).matches(container) ? Level.STAFF : Level.AUTHENTICATED;
    }

    private static PathPattern pattern(String pattern) {
        return PARSER.parse(pattern);
    }
}
