/**
 * HTTP conventions every feature follows: RFC 9457 problem+json through the single exception
 * handler, the list envelope and the shared request limits.
 *
 * <p>Named interface {@code web}: {@link dev.emporium.platform.web.ApiException},
 * {@link dev.emporium.platform.web.PageResponse}, {@link dev.emporium.platform.web.Limits},
 * {@link dev.emporium.platform.web.Problems} and {@link dev.emporium.platform.web.TrustedProxies} (the reverse
 * proxies whose forwarding headers are believed, for the rate limiter's client address).
 */
@NullMarked
package dev.emporium.platform.web;

import org.jspecify.annotations.NullMarked;
