package dev.emporium.platform.ratelimit;

import dev.emporium.platform.web.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * The address of the client behind a request: the TCP peer, unless the peer is one of the configured
 * trusted proxies ({@code emporium.web.trusted-proxies}, {@link TrustedProxies}), in which case {@code X-Forwarded-For}
 * is read from the right, skipping trusted proxies, and the first address that is not one is the
 * client. Anything a client writes into the header left of that is ignored, so a client cannot
 * choose its own bucket; from an untrusted peer the header is ignored entirely.
 *
 * <p>The rate-limit filter resolves the address once per request and leaves it in a request
 * attribute; {@link #of(HttpServletRequest)} reads it from there (audit rows and the login guard use
 * the same address the limiter used).
 */
@NamedInterface("ratelimit")
public final class ClientAddress {

    static final String ATTRIBUTE = ClientAddress.class.getName();
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final TrustedProxies trusted;

    ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** The client's address as the rate limiter saw it, or the TCP peer outside the limited routes. */
    public static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String address ? address : request.getRemoteAddr();
    }

    /**
     * The key an address's buckets are filed under: an IPv4 address itself, an IPv6 address its /64
     * network. One subscriber usually holds a whole /64, so keying by the full address would hand a
     * client 2^64 fresh buckets.
     */
    public static String bucketKey(String address) {
        byte[] bytes = TrustedProxies.bytes(address);
        if (bytes == null || bytes.length != 16) {
            return address;
        }
        return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    /** Resolves and remembers the address on the request. */
    String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String client = trusted.isEmpty() || !trusted.contains(peer) ? peer : forwarded(request, peer);
        request.setAttribute(ATTRIBUTE, client);
        return client;
    }

    private String forwarded(HttpServletRequest request, String peer) {
        List<String> hops = new ArrayList<>();
        var headers = request.getHeaders(FORWARDED_FOR);
        while (headers.hasMoreElements()) {
            for (String hop : headers.nextElement().split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!isAddress(hop)) {
                // garbage in the chain: trust nothing further left than the last proxy we know
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    boolean isTrusted(String address) {
        return trusted.contains(address);
    }

    private static boolean isAddress(String text) {
        return TrustedProxies.bytes(text) != null;
    }
}
