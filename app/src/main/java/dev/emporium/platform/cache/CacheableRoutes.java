package dev.emporium.platform.cache;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * Implemented by a feature to let the response cache answer some of its GETs. Only resources
 * whose body is the same for every caller may be declared: the filter serves them ahead of
 * Spring Security, to anyone, and skips requests that carry credentials.
 */
@NamedInterface("cache")
public interface CacheableRoutes {

    /** The route a request belongs to, or null if the filter must leave it alone. Called on every GET: keep it cheap. */
    @Nullable
    Route match(String path, @Nullable String query);

    /** Paths with queries worth loading at start-up, hottest first. */
    default List<String> warmUp() {
        return List.of();
    }

    /**
     * @param cache the cache name (and so its TTLs and size)
     * @param pattern the route as metrics should name it ({@code /api/v1/products/{id}})
     * @param tag what invalidates the entry (see {@link CacheKeys})
     * @param key the canonical entry key, built from parsed and validated parameters (never the raw
     *     query string); null when this request's shape is not cached (it passes through as {@code BYPASS})
     */
    record Route(
            String cache,
            String pattern,
            String tag,
            @Nullable String key) {}
}
