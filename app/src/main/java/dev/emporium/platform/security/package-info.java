/**
 * Authentication plumbing: the filter chain, problem+json answers for 401/403, the token signing
 * key and the password encoder.
 *
 * <p>Named interface {@code security}: {@link dev.emporium.platform.security.TokenProperties}, which
 * the account feature reads to issue tokens.
 */
@NullMarked
package dev.emporium.platform.security;

import org.jspecify.annotations.NullMarked;
