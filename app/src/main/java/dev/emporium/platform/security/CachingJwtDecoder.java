package dev.emporium.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies an access token once, then remembers the verified {@link Jwt} under the SHA-256 of the token until the
 * token's {@code exp}, so the next requests with the same token skip the HMAC, the Base64 and the JSON parsing of the
 * claims. Keyed by the digest, not the token, so the map holds no usable credential and equal keys cannot differ in
 * a way a shorter comparison would miss.
 *
 * <p>Invariants: only a token the delegate accepted is ever cached; an entry never outlives its {@code exp} (the
 * delegate would additionally tolerate 60 s of clock skew, the cache does not); and the revocation check runs on
 * every call, cached or not, so a revoked session's token is refused on its very next request. The cache is
 * bounded ({@code emporium.security.verified-tokens.max-entries}); a token that was evicted is simply verified again.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final SessionRevocations revocations;
    private final @Nullable Cache<ByteBuffer, Jwt> verified;

    CachingJwtDecoder(JwtDecoder delegate, SessionRevocations revocations, VerifiedTokenProperties properties) {
        this.delegate = delegate;
        this.revocations = revocations;
        this.verified = properties.enabled() && properties.maxEntries() > 0
                ? Caffeine.newBuilder()
                        .maximumSize(properties.maxEntries())
                        .expireAfter(new UntilExpiry())
                        .build()
                : null;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified(token);
        Object session = jwt.getClaims().get("sid");
        if (session instanceof Number sid && revocations.isRevoked(sid.longValue())) {
            throw new BadJwtException("The session of this access token has ended");
        }
        return jwt;
    }

    private Jwt verified(String token) {
        Cache<ByteBuffer, Jwt> cache = verified;
        if (cache == null) {
            return delegate.decode(token);
        }
        ByteBuffer key = ByteBuffer.wrap(sha256(token));
        Jwt known = cache.getIfPresent(key);
        if (known != null) {
            return known;
        }
        Jwt decoded = delegate.decode(token);
        if (decoded.getExpiresAt() != null) {
            cache.put(key, decoded);
        }
        return decoded;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    /** An entry lives until the token's {@code exp}. */
    private static final class UntilExpiry implements Expiry<ByteBuffer, Jwt> {
        @Override
        public long expireAfterCreate(ByteBuffer key, Jwt jwt, long currentTime) {
            Instant exp = jwt.getExpiresAt();
            long millis = exp == null ? 0 : exp.toEpochMilli() - System.currentTimeMillis();
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        }

        @Override
        public long expireAfterUpdate(ByteBuffer key, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(ByteBuffer key, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
