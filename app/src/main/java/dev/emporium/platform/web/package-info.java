/**
 * HTTP conventions every feature follows: RFC 9457 problem+json through the single exception
 * handler, the list envelope and the shared request limits.
 *
 * <p>Named interface {@code web}: {@link dev.emporium.platform.web.ApiException},
 * {@link dev.emporium.platform.web.PageResponse}, {@link dev.emporium.platform.web.Limits} and
 * {@link dev.emporium.platform.web.Problems}.
 */
@NullMarked
package dev.emporium.platform.web;

import org.jspecify.annotations.NullMarked;
