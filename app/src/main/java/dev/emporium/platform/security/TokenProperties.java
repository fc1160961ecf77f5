package dev.emporium.platform.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.NamedInterface;

/**
 * Token and session settings.
 *
 * @param jwtSecret HMAC-SHA256 key for access tokens (at least 32 bytes); when blank, a random key is
 *     generated once and kept in the database so every node and every restart agrees on it
 * @param accessTokenTtl lifetime of an access token; a revoked session's tokens are refused at once
 *     ({@link SessionRevocations}), and each node remembers a revocation for this long plus 60 s
 * @param sessionIdleTimeout a refresh token unused for this long no longer works
 * @param sessionAbsoluteTimeout no session outlives this, however active
 * @param passwordHashStrength bcrypt cost factor (each +1 doubles the work per login and registration);
 *     passwords are digested with SHA-256 before bcrypt, see {@link PrehashingPasswordEncoder}
 * @param refreshReuseGrace a rotated refresh token presented again later than this after its rotation
 *     revokes its whole session (it was copied); within it, it only fails, so a client's own
 *     concurrent or retried refresh does not log the user out
 * @param issuer the {@code iss} every access token carries and every decoder requires: a token minted by another
 *     service that happens to share the secret is refused
 * @param audience the {@code aud} every access token carries and every decoder requires: a token this service
 *     issued for another audience is refused
 */
@NamedInterface("security")
@ConfigurationProperties("emporium.security")
public record TokenProperties(
        @Nullable String jwtSecret,
        @DefaultValue("5m") Duration accessTokenTtl,
        @DefaultValue("30m") Duration sessionIdleTimeout,
        @DefaultValue("12h") Duration sessionAbsoluteTimeout,
        @DefaultValue("10") int passwordHashStrength,
        @DefaultValue("2s") Duration refreshReuseGrace,
        @DefaultValue("emporium") String issuer,
        @DefaultValue("emporium-api") String audience) {}
