package dev.emporium.platform.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.modulith.NamedInterface;

/**
 * The outcome of taking one token: whether it was granted, what is left, and when to come back.
 *
 * @param policy the group's policy
 * @param allowed the token was taken
 * @param remaining tokens left after this request
 * @param resetSeconds seconds until the bucket is full again (allowed) or holds a token again (refused); at least 1
 */
@NamedInterface("ratelimit")
public record Decision(Policy policy, boolean allowed, long remaining, long resetSeconds) {

    /**
     * The fields of draft-ietf-httpapi-ratelimit-headers (structured-field syntax, draft 09):
     * {@code RateLimit-Policy: "login";q=10;w=60} and {@code RateLimit: "login";r=0;t=6}, plus
     * {@code Retry-After} when refused.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RateLimitHeaders.POLICY, policy.header());
        headers.put(RateLimitHeaders.STATE, "\"" + policy.name() + "\";r=" + remaining + ";t=" + resetSeconds);
        if (!allowed) {
            headers.put(HttpHeaders.RETRY_AFTER, Long.toString(resetSeconds));
        }
        return headers;
    }

    static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
