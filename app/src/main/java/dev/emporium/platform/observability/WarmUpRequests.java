package dev.emporium.platform.observability;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * Marks the requests the server sends itself while warming its caches. They are start-up work, so
 * they stay out of the request metrics and the slow-statement judgement, like migrations and
 * seeding. Only a loopback caller can claim the mark, so a client cannot hide its traffic.
 */
public final class WarmUpRequests {

    public static final String HEADER = "X-Emporium-Warm-Up";

    private WarmUpRequests() {}

    public static boolean isWarmUp(@Nullable HttpServletRequest request) {
        return request != null && "true".equals(request.getHeader(HEADER)) && isLoopback(request.getRemoteAddr());
    }

    private static boolean isLoopback(@Nullable String address) {
        if (address == null) {
            return false;
        }
        if (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
