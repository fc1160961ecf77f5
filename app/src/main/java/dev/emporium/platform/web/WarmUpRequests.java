package dev.emporium.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Marks the requests the server sends itself while warming its caches. They are start-up work, so
 * they stay out of the request metrics and the slow-statement judgement, like migrations and
 * seeding.
 *
 * <p>The mark is a secret drawn at random when the process starts and never leaves it (the warmer
 * sends it to its own port). The caller's address proves nothing: behind a reverse proxy on the same
 * host every request comes from loopback, and with forwarded headers honoured the address is whatever
 * the client says. Without the secret no one can hide traffic from the metrics.
 */
public final class WarmUpRequests {

    public static final String HEADER = "X-Emporium-Warm-Up";

    private static final String SECRET = HexFormat.of().formatHex(randomBytes());

    private WarmUpRequests() {}

    /** The value this process's own warm-up requests carry in {@link #HEADER}. */
    public static String mark() {
        return SECRET;
    }

    public static boolean isWarmUp(@Nullable HttpServletRequest request) {
        if (request == null) {
            return false;
        }
        String presented = request.getHeader(HEADER);
        return presented != null
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.US_ASCII), SECRET.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
