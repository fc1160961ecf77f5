package dev.emporium.security;

import dev.emporium.platform.web.ApiAccess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API route the running application serves, read from its {@link RequestMappingHandlerMapping}
 * rather than from a hand-kept list: a controller added tomorrow is covered by the suites that walk
 * these routes without anyone remembering to add it.
 */
record HandlerRoutes(List<Route> routes) {

    /** One method and path template, e.g. {@code PATCH /api/v1/admin/products/{id}}. */
    record Route(HttpMethod method, String template, String handler) {

        /** The template with every path variable replaced by {@code value}. */
        String path(String value) {
            return template.replaceAll("\\{[^}]+}", value);
        }

        ApiAccess.Level level() {
            return ApiAccess.of(method, template);
        }

        boolean hasBody() {
            return method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH);
        }

        @Override
        public String toString() {
            return method + " " + template + " (" + handler + ")";
        }
    }

    static HandlerRoutes of(ApplicationContext context) {
        List<Route> routes = new ArrayList<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class)
                .values()
                .forEach(mapping -> mapping.getHandlerMethods().forEach((info, method) -> {
                    String handler = method.getBeanType().getSimpleName() + "#"
                            + method.getMethod().getName();
                    for (String template : templates(info)) {
                        if (!template.startsWith("/api/")) {
                            continue;
                        }
                        for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                            routes.add(new Route(verb.asHttpMethod(), template, handler));
                        }
                    }
                }));
        routes.sort(Comparator.comparing(Route::template)
                .thenComparing(r -> r.method().name()));
        return new HandlerRoutes(List.copyOf(routes));
    }

    private static List<String> templates(RequestMappingInfo info) {
        return info.getPathPatternsCondition() == null
                ? List.of()
                : List.copyOf(info.getPathPatternsCondition().getPatternValues());
    }

    List<Route> at(ApiAccess.Level level) {
        return routes.stream().filter(r -> r.level() == level).toList();
    }
}
