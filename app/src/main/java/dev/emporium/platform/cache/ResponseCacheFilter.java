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
 * a 200 is kept with its gzip form, anything else passes through untouched and uncached. Requests
 * with credentials ({@code Authorization}, {@code Cookie}) are never answered from or written to
 * the cache ({@code X-Cache: BYPASS}). Because Spring Security's header writer does not run on a
 * hit, this filter writes the same security headers itself.
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
        if (request.getHeader("Authorization") != null || request.getHeader("Cookie") != null) {
            response.setHeader(X_CACHE, "BYPASS");
            chain.doFilter(req, res);
            return;
        }
        @SuppressWarnings("unchecked")
        TieredCache<CachedResponse> cache = (TieredCache<CachedResponse>) caches.responses(route.cache());
        Capture capture = new Capture(request, response, chain);
        Lookup<CachedResponse> lookup =
                cache.get(route.tag(), CacheKeys.http(request.getRequestURI(), request.getQueryString()), capture);
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
        response.setContentType(cached.contentType());
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
            String type = buffered.getContentType();
            if (buffered.getStatus() != HttpServletResponse.SC_OK
                    || type == null
                    || !type.contains("json")
                    || request.isAsyncStarted()) {
                return null;
            }
            return CachedResponse.of(type, buffered.getContentAsByteArray(), gzipMinBytes);
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
