package dev.emporium.platform.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * The address of the client behind a request: the TCP peer, unless the peer is one of the configured
 * trusted proxies ({@code emporium.rate-limit.trusted-proxies}), in which case {@code X-Forwarded-For}
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

    private final List<Block> trusted;

    ClientAddress(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            blocks.add(Block.parse(entry.strip()));
        }
        this.trusted = List.copyOf(blocks);
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
        byte[] bytes = bytes(address);
        if (bytes == null || bytes.length != 16) {
            return address;
        }
        return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    /** Resolves and remembers the address on the request. */
    String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String client = trusted.isEmpty() || !isTrusted(peer) ? peer : forwarded(request, peer);
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
        byte[] bytes = bytes(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : trusted) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAddress(String text) {
        return bytes(text) != null;
    }

    /** The address's bytes, or null when it is not an IP literal (never a DNS lookup). */
    static byte @Nullable [] bytes(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        try {
            String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            return InetAddress.ofLiteral(literal).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An address block: {@code 10.0.0.0/8}, {@code ::1/128}, or one address. */
    record Block(byte[] network, int prefix) {

        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            String address = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] network = bytes(address);
            if (network == null) {
                throw new IllegalArgumentException(
                        "emporium.rate-limit.trusted-proxies: '" + cidr + "' is not an IP address or CIDR block");
            }
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(
                        "emporium.rate-limit.trusted-proxies: '" + cidr + "' has an invalid prefix length");
            }
            return new Block(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
