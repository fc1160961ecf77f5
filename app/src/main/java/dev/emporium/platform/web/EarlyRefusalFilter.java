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
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first filter of every API request refuses, with the load shedder's 503 ({@code code: overloaded},
 * {@code Retry-After}), the requests that would be refused later anyway, before they cost anything more:
 * <ul>
 *   <li><b>late</b>: the request already waited longer than {@code emporium.shedding.max-start-delay}
 *       between Jetty reading its headers and this filter (reason {@code start_delay});</li>
 *   <li><b>gate full</b>: the {@link LoadShedder} has no running place and no queue place left, and the
 *       request is one the response cache cannot answer (not a GET, or sent with credentials) (reason
 *       {@code queue_full_early}).</li>
 * </ul>
 *
 * <p>Why: {@link LoadSheddingFilter} bounds database work, but a request reaches it only after parsing,
 * metrics, rate limits, the cache and Spring Security, all of which need a CPU. When the CPUs are the
 * bottleneck (3x capacity in {@code scripts/drill-overload.sh}), refusals paid most of that path, and the
 * CPU they took made the admitted requests wait: a refusal here costs the HTTP parse and a pre-rendered
 * body. On a node that keeps up neither rule fires.
 *
 * <p>What it changes for a caller while the gate is full: a request with a bad token or over its rate
 * limit is answered 503 instead of 401 or 429 (it would not have been served either way). Anonymous GETs
 * go on to the response cache, so cache hits are never refused by the second rule.
 *
 * <p>Only {@code /api/**} outside the ops snapshot, like {@link LoadSheddingFilter}: health probes and
 * metrics are always answered. Requests not served by Jetty (MockMvc) carry no start time and pass the
 * first rule.
 */
final class EarlyRefusalFilter extends org.springframework.web.filter.OncePerRequestFilter {

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
    private final @Nullable LoadShedder shedder;
    private final String retryAfter;
    private final byte[] lateBody;
    private final byte[] fullBody;
    private final Counter refusedLate;
    private final Counter refusedFull;

    /** {@code maxDelay} zero: no start-delay rule; {@code shedder} null: no gate rule. */
    EarlyRefusalFilter(
            Duration maxDelay,
            StartTimes startTimes,
            @Nullable LoadShedder shedder,
            JsonMapper json,
            long retryAfterSeconds,
            MeterRegistry registry) {
        this.maxDelayNanos = maxDelay.isZero() ? Long.MAX_VALUE : maxDelay.toNanos();
        this.startTimes = startTimes;
        this.shedder = shedder;
        this.retryAfter = Long.toString(retryAfterSeconds);
        this.lateBody = LoadSheddingFilter.overloadedBody(
                json, "The server is behind and the request waited too long to start; retry after the given seconds");
        this.fullBody = LoadSheddingFilter.overloadedBody(json, LoadSheddingFilter.AT_CAPACITY);
        this.refusedLate = refusals(registry, "start_delay");
        this.refusedFull = refusals(registry, "queue_full_early");
    }

    private static Counter refusals(MeterRegistry registry, String reason) {
        return Counter.builder("emporium.shedding.shed")
                .description("Requests refused by load shedding")
                .tag("reason", reason)
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
        if (maxDelayNanos != Long.MAX_VALUE) {
            Long headersRead = startTimes.headersRead(request);
            if (headersRead != null && System.nanoTime() - headersRead > maxDelayNanos) {
                refusedLate.increment();
                LoadSheddingFilter.writeOverloaded(response, retryAfter, lateBody);
                return;
            }
        }
        if (shedder != null && shedder.full() && !cacheCandidate(request)) {
            refusedFull.increment();
            LoadSheddingFilter.writeOverloaded(response, retryAfter, fullBody);
            return;
        }
        chain.doFilter(request, response);
    }

    /** An anonymous GET: the response cache may answer it, so only the shedding filter may refuse it. */
    private static boolean cacheCandidate(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    }
}
