package dev.emporium.platform.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.modulith.NamedInterface;

/**
 * The one strong validator of a JSON representation: the first 15 bytes of the body's SHA-256,
 * base64url, quoted. The response cache ({@link ResponseCacheFilter}) tags what it serves with it,
 * and controllers that answer from a {@link TieredCache} value rather than from the filter (search,
 * whose every request must still be counted) tag their bytes with the same function, so an ETag
 * means the same thing on every route: equal bytes, equal tag, whichever node produced them.
 */
@NamedInterface("cache")
public final class ETags {

    private ETags() {}

    /** The quoted strong ETag of {@code body}. */
    public static String of(byte[] body) {
        return '"' + digest(body) + '"';
    }

    /** The unquoted digest, for derived tags (the gzip variant appends {@code -gz}). */
    static String digest(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 15));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
