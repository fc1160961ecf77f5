package dev.emporium.platform.cache;

import dev.emporium.platform.cache.CacheableRoutes.Route;
import dev.emporium.platform.cache.TieredCache.Lookup;
import dev.emporium.platform.cache.TieredCache.Source;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers public, caller-independent GETs from the {@link TieredCache} as pre-serialised bytes,
 * ahead of Spring Security and MVC. It sits just after the request-metrics filter, so hits are
 * still counted in {@code http.server.requests} (under the route's pattern), and after the
 * statement counter, so a miss's SQL is attributed.
 *
 * <p>On a miss the rest of the chain produces the response once per key and node (single flight);
 * a 200 is kept with its gzip form, anything else passes through untouched and uncached. The key is
 * the route's canonical key ({@link CacheableRoutes.Route#key()}), never the raw query string.
 *
 * <p>What decides whether a request may use the cache:
 * <ul>
 *   <li>{@code Authorization} present: {@code BYPASS}, nothing caller-specific is stored or served.
 *       Cookies are ignored: the API is stateless and reads none (Spring Security runs with {@code
 *       STATELESS} sessions and bearer tokens only), so a browser's analytics cookie changes nothing.
 *       A feature that starts reading a cookie must make its routes uncacheable or key them by it.</li>
 *   <li>{@code Accept} that does not admit {@code application/json}: {@code BYPASS}, MVC negotiates as
 *       usual. Entries are stored and served as {@code application/json}, whatever request filled them
 *       (only a JSON 200 is stored), so one client's unusual type is never replayed to others.</li>
 * </ul>
 *
 * <h2>Invariant: a hit is judged by every rule that applies to public GETs</h2>
 * A hit skips Spring Security and MVC. Therefore every rule that must hold for anonymous GETs (CORS,
 * rate limits, IP blocks, request-size limits) must run in a filter ordered before this one ({@link
 * CacheConfiguration#FILTER_ORDER}), never only inside the security chain or an interceptor. Today
 * the only such rules are the security headers, which this filter writes itself on a hit; CORS is not
 * enabled (no cross-origin browser client), and a CORS or rate-limit filter added later must take an
 * order below {@code FILTER_ORDER}.
 */
final class ResponseCacheFilter implements Filter {

    static final String X_CACHE = "X-Cache";
    static final String X_CACHE_TIER = "X-Cache-Tier";

    private final TieredCaches caches;
    private final List<CacheableRoutes> routes;
    private final int gzipMinBytes;

    ResponseCacheFilter(TieredCaches caches, List<CacheableRoutes> routes, int gzipMinBytes) {
        this.caches = caches;
        this.routes = List.copyOf(routes);
        this.gzipMinBytes = gzipMinBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Route route =
                "GET".equals(request.getMethod()) ? match(request.getRequestURI(), request.getQueryString()) : null;
        if (route == null) {
            chain.doFilter(req, res);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(route.pattern()));
        if (route.key() == null || request.getHeader("Authorization") != null || !acceptsJson(request)) {
            response.setHeader(X_CACHE, "BYPASS");
            chain.doFilter(req, res);
            return;
        }
        @SuppressWarnings("unchecked")
        TieredCache<CachedResponse> cache = (TieredCache<CachedResponse>) caches.responses(route.cache());
        Capture capture = new Capture(request, response, chain);
        Lookup<CachedResponse> lookup = cache.get(route.tag(), route.key(), capture);
        if (lookup.value() == null) {
            capture.passThrough();
            return;
        }
        write(request, response, lookup.value(), lookup.source());
    }

    private @Nullable Route match(String path, @Nullable String query) {
        for (CacheableRoutes r : routes) {
            Route route = r.match(path, query);
            if (route != null) {
                return route;
            }
        }
        return null;
    }

    private static void write(
            HttpServletRequest request, HttpServletResponse response, CachedResponse cached, Source source)
            throws IOException {
        response.setHeader(X_CACHE, source.hit() ? "HIT" : "MISS");
        if (source.hit()) {
            response.setHeader(X_CACHE_TIER, source == Source.L1 ? "L1" : "L2");
        }
        securityHeaders(response);
        response.setHeader("Vary", "Accept-Encoding");
        byte @Nullable [] gzipped = cached.gzip();
        boolean gzip = gzipped != null && acceptsGzip(request.getHeader("Accept-Encoding"));
        response.setHeader("ETag", gzip ? cached.gzipEtag() : cached.etag());
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && cached.matches(ifNoneMatch)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CachedResponse.JSON);
        byte[] bytes = gzip && gzipped != null ? gzipped : cached.body();
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * What Spring Security's default header writers send, except that the cache-control lets
     * clients revalidate with the ETag instead of forbidding storage.
     */
    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-XSS-Protection", "0");
    }

    /**
     * Only requests that take the canonical {@code application/json} are served from (or fill) the
     * cache; any other {@code Accept} goes to MVC, which negotiates (or refuses) as it would uncached.
     */
    static boolean acceptsJson(HttpServletRequest request) {
        var accepts = request.getHeaders("Accept");
        if (accepts == null || !accepts.hasMoreElements()) {
            return true;
        }
        while (accepts.hasMoreElements()) {
            for (String range : accepts.nextElement().split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
                if ((type.equals("application/json") || type.equals("*/*") || type.equals("application/*"))
                        && !refused(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A media range with {@code q=0} says "not this". */
    private static boolean refused(String[] rangeParts) {
        for (int i = 1; i < rangeParts.length; i++) {
            String p = rangeParts[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean acceptsGzip(String acceptEncoding) {
        return acceptEncoding != null && acceptEncoding.contains("gzip") && !acceptEncoding.contains("gzip;q=0");
    }

    /** The miss path: runs the rest of the chain into a buffer and keeps the result if it is a cacheable 200. */
    private final class Capture implements TieredCache.Loader<CachedResponse> {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final FilterChain chain;
        private @Nullable ContentCachingResponseWrapper buffered;

        Capture(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
            this.request = request;
            this.response = response;
            this.chain = chain;
        }

        @Override
        public @Nullable CachedResponse load() throws Exception {
            response.setHeader("Cache-Control", "no-cache");
            buffered = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, buffered);
            if (buffered.getStatus() != HttpServletResponse.SC_OK
                    || !CachedResponse.isJson(buffered.getContentType())
                    || request.isAsyncStarted()) {
                return null;
            }
            return CachedResponse.of(CachedResponse.JSON, buffered.getContentAsByteArray(), gzipMinBytes);
        }

        /** The response was not cacheable (or the shared load failed): send what the chain produced, or produce it now. */
        void passThrough() throws IOException, ServletException {
            if (buffered == null) {
                response.setHeader(X_CACHE, "BYPASS");
                chain.doFilter(request, response);
                return;
            }
            if (!response.isCommitted()) {
                response.setHeader(X_CACHE, "BYPASS");
            }
            buffered.copyBodyToResponse();
        }
    }
}
