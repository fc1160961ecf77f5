package dev.emporium.support;

import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** Signs access tokens with the application's own key, for tests that are not about logging in. */
public final class TestTokens {

    /** The defaults of {@code emporium.security.issuer} and {@code .audience}, which the tests do not override. */
    public static final String ISSUER = "emporium";

    public static final String AUDIENCE = "emporium-api";

    private TestTokens() {}

    public static String bearer(JwtEncoder encoder, long userId, String role) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .audience(java.util.List.of(AUDIENCE))
                .subject(Long.toString(userId))
                .claim("role", role)
                .claim("sid", 0L)
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(5)))
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return "Bearer " + token;
    }
}
