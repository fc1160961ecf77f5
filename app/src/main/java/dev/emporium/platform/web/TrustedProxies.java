package dev.emporium.platform.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * The reverse proxies in front of the service ({@code emporium.web.trusted-proxies}): the one list of addresses
 * whose forwarding headers are believed, and the one parser of it. {@link SecurityHeadersFilter} believes their
 * {@code X-Forwarded-Proto} (HSTS), the rate limiter's client address their {@code X-Forwarded-For}.
 *
 * <p>Entries are IP literals or CIDR blocks ({@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code 2001:db8::/32},
 * {@code ::1}); anything else, a host name included, is refused at start-up. Addresses are compared as bytes and
 * never looked up in DNS, and an IPv4 block never matches an IPv6 address (or the reverse).
 */
@NamedInterface("web")
public final class TrustedProxies {

    /** The configuration key, named in refusals. */
    public static final String KEY = "emporium.web.trusted-proxies";

    private final List<Block> blocks;

    public TrustedProxies(List<String> entries) {
        List<Block> parsed = new ArrayList<>();
        for (String entry : entries) {
            parsed.add(Block.parse(entry.strip()));
        }
        this.blocks = List.copyOf(parsed);
    }

    /** Whether no proxy is configured (then no forwarding header is believed at all). */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (an IP literal, as a servlet's remote address or a forwarded hop) is a trusted proxy. */
    public boolean contains(String address) {
        byte[] bytes = bytes(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IP literal (bracketed IPv6 allowed), or null when the text is none (never a DNS lookup). */
    public static byte @Nullable [] bytes(String text) {
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
    private record Block(byte[] network, int prefix) {

        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            String address = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] network = bytes(address);
            if (network == null) {
                throw new IllegalArgumentException(KEY + ": '" + cidr + "' is not an IP address or CIDR block");
            }
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(KEY + ": '" + cidr + "' has an invalid prefix length", e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(KEY + ": '" + cidr + "' has an invalid prefix length");
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
