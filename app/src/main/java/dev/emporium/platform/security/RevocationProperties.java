package dev.emporium.platform.security;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.security.revocation.*}: how each node learns which sessions ended. See
 * {@link SessionRevocations} for the design.
 *
 * @param maxEntries bound of this node's in-memory set; it must exceed the sessions revoked within one access-token
 *     lifetime (a count over it is logged and counted, see {@link SessionRevocations})
 * @param fallbackPollInterval while Redis is not configured or not answering, how often a node asks PostgreSQL for
 *     recently revoked sessions: the longest a revocation on another node goes unnoticed then
 * @param reconcileInterval with Redis healthy, how often the node still asks PostgreSQL (a safety net for a
 *     revoking node that could not reach Redis while the others could)
 */
@Validated
@ConfigurationProperties("emporium.security.revocation")
record RevocationProperties(
        @DefaultValue("200000") @Min(1000) int maxEntries,
        @DefaultValue("1s") Duration fallbackPollInterval,
        @DefaultValue("15s") Duration reconcileInterval) {}
