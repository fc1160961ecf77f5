package dev.emporium.platform.db;

import dev.emporium.platform.web.WarmUpRequests;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Opens a {@link RequestStatements} scope around each request, so the statement listener can
 * attribute SQL to the endpoint that ran it, and records how many statements each request needed
 * ({@code emporium.db.request.statements}): a rising figure there is an N+1 in production.
 */
class StatementObservingFilter extends OncePerRequestFilter {

    private final DistributionSummary statementsPerRequest;

    StatementObservingFilter(MeterRegistry registry) {
        this.statementsPerRequest = DistributionSummary.builder("emporium.db.request.statements")
                .description("SQL statements executed by one HTTP request")
                .register(registry);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestStatements scope = RequestStatements.open(
                request.getMethod() + " " + request.getRequestURI(), WarmUpRequests.isWarmUp(request));
        try {
            chain.doFilter(request, response);
        } finally {
            RequestStatements.close();
            request.setAttribute(RequestStatements.COUNT_ATTRIBUTE, scope.count());
            if (scope.count() > 0 && !scope.warmUp()) {
                statementsPerRequest.record(scope.count());
            }
        }
    }

    /** Replaces the raw URI with the matched route once Spring MVC knows it ({@code GET /api/v1/products/{id}}). */
    static void describeMatchedRoute(HttpServletRequest request) {
        RequestStatements scope = RequestStatements.current();
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (scope != null && pattern != null) {
            scope.describeEndpoint(request.getMethod() + " " + pattern);
        }
    }
}
