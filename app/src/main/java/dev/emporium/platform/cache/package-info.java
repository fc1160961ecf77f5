/**
 * The two-level cache: Caffeine in process (L1), Redis shared by all nodes (L2), and the servlet
 * filter that answers public, caller-independent GETs from it as pre-serialised bytes.
 *
 * <p>Public API: {@link dev.emporium.platform.cache.TieredCaches} (get-or-load, invalidation),
 * {@link dev.emporium.platform.cache.CacheableRoutes} (a feature declares which of its GETs the
 * filter may answer), {@link dev.emporium.platform.cache.CacheKeys} (every key and tag is spelled
 * there) and {@link dev.emporium.platform.cache.CacheMode} (what the start-up summary prints).
 * These types form the named interface {@code cache}; the rest of the package is internal.
 * The consistency rule lives in the Javadoc of {@link dev.emporium.platform.cache.TieredCache}.
 */
@NullMarked
package dev.emporium.platform.cache;

import org.jspecify.annotations.NullMarked;
