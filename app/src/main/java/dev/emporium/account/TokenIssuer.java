package dev.emporium.account;

import dev.emporium.platform.security.TokenProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Mints the two tokens of a session.
 *
 * <p>The access token is a short-lived HS256 JWT ({@code iss}, {@code aud}, {@code sub} = user id, {@code role},
 * {@code sid} = session id, {@code iat}, {@code exp}) that any node verifies without the database. The refresh
 * token is 256 random bits, shown to the client once and stored only as its SHA-256 hash: a leaked
 * {@code sessions} table does not let anyone refresh. A plain digest suffices (unlike passwords)
 * because the token is random, not guessable.
 */
@Component
class TokenIssuer {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final JwtEncoder encoder;
    private final TokenProperties properties;

    TokenIssuer(JwtEncoder encoder, TokenProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
    }

    String newRefreshToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    static byte[] hash(String refreshToken) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    TokenPair pair(long userId, Role role, long sessionId, String refreshToken) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(java.util.List.of(properties.audience()))
                .subject(Long.toString(userId))
                .claim("role", role.name())
                .claim("sid", sessionId)
                .issuedAt(now)
                .expiresAt(now.plus(properties.accessTokenTtl()))
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        String access =
                encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new TokenPair(access, refreshToken, properties.accessTokenTtl().toSeconds(), "Bearer");
    }
}
