package dev.emporium.platform.security;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * CPU per access-token check, side by side in one JVM: the application's HS256 decoder (signature, Base64, claim
 * parsing, timestamp check) against {@link CachingJwtDecoder} answering the same token from its cache (SHA-256 of the
 * token, one map lookup, the revocation lookup). Thread CPU time, not wall time, over alternating rounds.
 *
 * <pre>
 * ./mvnw -q -o -pl app test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp app/target/test-classes:app/target/classes:$(cat app/target/cp.txt) \
 *     dev.emporium.platform.security.VerifiedTokenBenchmark
 * </pre>
 */
public final class VerifiedTokenBenchmark {

    private static final TokenProperties TOKENS = new TokenProperties(
            null,
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(12),
            10,
            Duration.ofSeconds(2),
            "emporium",
            "emporium-api");
    private static final int PER_ROUND = 200_000;
    private static final int ROUNDS = 6;

    private VerifiedTokenBenchmark() {}

    public static void main(String[] args) {
        SecretKey key = new SecretKeySpec(
                "benchmark key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        Instant now = Instant.now();
        String token = new NimbusJwtEncoder(new com.nimbusds.jose.jwk.source.ImmutableSecret<>(key))
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(),
                        JwtClaimsSet.builder()
                                .subject("123456")
                                .issuer(TOKENS.issuer())
                                .audience(java.util.List.of(TOKENS.audience()))
                                .claim("role", "CUSTOMER")
                                .claim("sid", 987654L)
                                .issuedAt(now)
                                .expiresAt(now.plus(Duration.ofMinutes(5)))
                                .build()))
                .getTokenValue();
        JwtDecoder plain = SecurityConfiguration.signatureCheckingDecoder(key, TOKENS);
        SessionRevocations revocations = new SessionRevocations(
                Duration.ofMinutes(5),
                new RevocationProperties(200_000, Duration.ofSeconds(1), Duration.ofSeconds(15)),
                window -> Map.of(),
                null,
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        revocations.revoke(java.util.List.of(1L, 2L, 3L));
        JwtDecoder cached = new CachingJwtDecoder(plain, revocations, new VerifiedTokenProperties(true, 50_000));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= ROUNDS; round++) {
            double plainNs = cpuPerCall(threads, plain, token);
            double cachedNs = cpuPerCall(threads, cached, token);
            System.out.printf(
                    "round %d: verify every time %.0f ns CPU/call, cached %.0f ns CPU/call, ratio %.1fx%s%n",
                    round, plainNs, cachedNs, plainNs / cachedNs, round <= 2 ? " (warm-up)" : "");
        }
        revocations.close();
    }

    private static double cpuPerCall(ThreadMXBean threads, JwtDecoder decoder, String token) {
        long sink = 0;
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < PER_ROUND; i++) {
            sink += decoder.decode(token).getSubject().length();
        }
        long spent = threads.getCurrentThreadCpuTime() - start;
        if (sink == 42) {
            System.out.print("");
        }
        return (double) spent / PER_ROUND;
    }
}
