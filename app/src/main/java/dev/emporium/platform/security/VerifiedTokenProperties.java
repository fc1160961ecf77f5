package dev.emporium.platform.security;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.security.verified-tokens.*}: the cache of access tokens whose signature and claims were already
 * checked (see {@link CachingJwtDecoder}).
 *
 * @param enabled off makes every request verify its token's HMAC and parse its claims again (for measurement)
 * @param maxEntries how many distinct tokens are remembered (one per active session within a token lifetime)
 */
@Validated
@ConfigurationProperties("emporium.security.verified-tokens")
record VerifiedTokenProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("50000") @Min(0) int maxEntries) {}
