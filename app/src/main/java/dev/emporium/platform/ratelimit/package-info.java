/**
 * Rate limiting: token buckets per client address (anonymous calls, login, registration, refresh)
 * and per user (authenticated calls), shared by every node through Redis when {@code REDIS_URL} is
 * set and kept in this node's memory otherwise or while Redis is unreachable.
 *
 * <p>Named interface {@code ratelimit}: {@link dev.emporium.platform.ratelimit.RateLimits} (consume or
 * give back a token of a named bucket, for limits a feature decides itself, such as login attempts
 * per account), {@link dev.emporium.platform.ratelimit.ClientAddress} (the caller's address, taking
 * {@code X-Forwarded-For} only from trusted proxies) and
 * {@link dev.emporium.platform.ratelimit.RateLimitExceeded} (the 429 a feature throws). The policy
 * and its reasoning: ADR 0014 and the README's "Rate limits and login protection".
 */
@NullMarked
package dev.emporium.platform.ratelimit;

import org.jspecify.annotations.NullMarked;
