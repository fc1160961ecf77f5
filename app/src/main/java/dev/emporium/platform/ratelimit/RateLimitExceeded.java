package dev.emporium.platform.ratelimit;

import dev.emporium.platform.web.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.modulith.NamedInterface;

/**
 * 429 Too Many Requests as problem+json with {@code Retry-After}, {@code RateLimit-Policy} and
 * {@code RateLimit}, and a {@code code}: {@code rate_limited} for the request buckets,
 * {@code login_locked} / {@code login_throttled} for the login guard.
 */
@NamedInterface("ratelimit")
public final class RateLimitExceeded extends ApiException {

    public static final String TITLE = "Too many requests";

    public RateLimitExceeded(Decision decision, String code, String detail) {
        super(
                HttpStatus.TOO_MANY_REQUESTS,
                TITLE,
                detail,
                Map.of(),
                Map.of("code", code, "retryAfterSeconds", decision.resetSeconds()),
                decision.headers());
    }

    /** The detail of a plain bucket refusal. */
    static String detail(Decision decision) {
        return "Rate limit '" + decision.policy().name() + "' ("
                + decision.policy().limit() + " requests per "
                + decision.policy().period().toSeconds() + " s) reached; retry after " + decision.resetSeconds()
                + " s";
    }
}
