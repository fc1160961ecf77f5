package dev.emporium.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first filter of every API request: one that already waited longer than {@code
 * emporium.shedding.max-start-delay} between Jetty reading its headers and this filter is refused at
 * once with the load shedder's 503 ({@code code: overloaded}, {@code Retry-After}).
 *
 * <p>{@link LoadSheddingFilter} bounds database work, but a request reaches it only after parsing,
 * security and the cache, all of which need a CPU. When the CPUs are the bottleneck (a flood of
 * connections, measured by {@code scripts/drill-overload.sh}), every request waits its turn for them
 * several times, the admitted ones behind the ones that will be refused: admitted p99 was 1.6 s at 3x
 * capacity. A request that has waited this long before its first filter is a sign the node is behind;
 * refusing it costs microseconds and gives its place to newer requests. On a node that keeps up the
 * delay is microseconds and nothing is refused, whatever the number of connections.
 *
 * <p>Only {@code /api/**} outside the ops snapshot, like {@link LoadSheddingFilter}: health probes and
 * metrics are always answered. Requests not served by Jetty (MockMvc) carry no start time and pass.
 */
final class LateRequestFilter extends org.springframework.web.filter.OncePerRequestFilter {

    /** When Jetty finished reading a request's headers ({@link System#nanoTime()} scale), or null if unknown. */
    @FunctionalInterface
    interface StartTimes {
        @Nullable
        Long headersRead(HttpServletRequest request);
    }

    /** Jetty's own record; requests Jetty did not read (MockMvc) have none. */
    static final StartTimes JETTY = request -> {
        try {
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
            return jetty == null ? null : jetty.getHeadersNanoTime();
        } catch (IllegalStateException notJetty) {
            return null;
        }
    };

    private final long maxDelayNanos;
    private final StartTimes startTimes;
    private final JsonMapper json;
    private final String retryAfter;
    private final Counter refused;

    LateRequestFilter(
            Duration maxDelay, StartTimes startTimes, JsonMapper json, long retryAfterSeconds, MeterRegistry registry) {
        this.maxDelayNanos = maxDelay.toNanos();
        this.startTimes = startTimes;
        this.json = json;
        this.retryAfter = Long.toString(retryAfterSeconds);
        this.refused = Counter.builder("emporium.shedding.shed")
                .description("Requests refused by load shedding")
                .tag("reason", "start_delay")
                .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") || path.startsWith(LoadSheddingFilter.OPS_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Long headersRead = startTimes.headersRead(request);
        if (headersRead != null && System.nanoTime() - headersRead > maxDelayNanos) {
            refused.increment();
            LoadSheddingFilter.writeOverloaded(
                    response,
                    json,
                    retryAfter,
                    "The server is behind and the request waited too long to start; retry after the given seconds");
            return;
        }
        chain.doFilter(request, response);
    }
}
