package dev.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** The revoked-session set and the verified-token cache on their own, without Redis. */
class SessionRevocationsTests {

    private final Map<Long, Instant> database = new ConcurrentHashMap<>();
    private final RevocationProperties properties =
            new RevocationProperties(1000, Duration.ofMillis(50), Duration.ofHours(1));

    private SessionRevocations revocations() {
        return new SessionRevocations(
                Duration.ofMinutes(5),
                properties,
                window -> Map.copyOf(database),
                null,
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    @Test
    void revokedSessionIsRevokedAtOnceAndOthersAreNot() {
        try (SessionRevocations set = revocations()) {
            set.revoke(List.of(7L, 8L));
            assertThat(set.isRevoked(7)).isTrue();
            assertThat(set.isRevoked(8)).isTrue();
            assertThat(set.isRevoked(9)).isFalse();
        }
    }

    @Test
    void withoutRedisTheDatabaseIsReadAndRevocationsOlderThanATokenLifetimeAreIgnored() {
        try (SessionRevocations set = revocations()) {
            database.put(11L, Instant.now().minusSeconds(10));
            database.put(12L, Instant.now().minus(Duration.ofMinutes(5)).minus(SessionRevocations.CLOCK_SKEW));
            set.tick();
            assertThat(set.redisHealthy()).isFalse();
            assertThat(set.isRevoked(11)).isTrue();
            assertThat(set.isRevoked(12)).as("every token of it has expired").isFalse();
        }
    }

    @Test
    void theSetStaysBoundedUnderAFloodOfRevocations() {
        try (SessionRevocations set = revocations()) {
            for (long session = 0; session < 20_000; session++) {
                set.revoke(List.of(session));
            }
            long remembered = 0;
            for (long session = 0; session < 20_000; session++) {
                remembered += set.isRevoked(session) ? 1 : 0;
            }
            assertThat(remembered).isBetween(1L, 1100L);
        }
    }

    @Test
    void cachedTokensSkipVerificationButAreStillCheckedForRevocation() {
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return jwt(token, 42L, Instant.now().plusSeconds(300));
        };
        try (SessionRevocations set = revocations()) {
            var decoder = new CachingJwtDecoder(counting, set, new VerifiedTokenProperties(true, 100));
            for (int i = 0; i < 5; i++) {
                assertThat(decoder.decode("token-a").getSubject()).isEqualTo("1");
            }
            assertThat(verifications).hasValue(1);
            set.revoke(List.of(42L));
            assertThatThrownBy(() -> decoder.decode("token-a")).isInstanceOf(BadJwtException.class);
            assertThat(verifications).hasValue(1);
        }
    }

    @Test
    void aTokenPastItsExpiryIsNeverServedFromTheCache() {
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return jwt(token, 1L, Instant.now().minusSeconds(1));
        };
        try (SessionRevocations set = revocations()) {
            var decoder = new CachingJwtDecoder(counting, set, new VerifiedTokenProperties(true, 100));
            decoder.decode("token-b");
            decoder.decode("token-b");
            assertThat(verifications).hasValue(2);
        }
    }

    @Test
    void disabledCacheVerifiesEveryTime() {
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return jwt(token, 1L, Instant.now().plusSeconds(300));
        };
        try (SessionRevocations set = revocations()) {
            var decoder = new CachingJwtDecoder(counting, set, new VerifiedTokenProperties(false, 100));
            decoder.decode("token-c");
            decoder.decode("token-c");
            assertThat(verifications).hasValue(2);
        }
    }

    private static Jwt jwt(String token, long sid, Instant exp) {
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject("1")
                .claim("sid", sid)
                .issuedAt(exp.minusSeconds(300))
                .expiresAt(exp)
                .build();
    }
}
