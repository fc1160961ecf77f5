package dev.emporium.platform.ratelimit;

import org.springframework.modulith.NamedInterface;

/** The names of the rate-limit response fields (draft-ietf-httpapi-ratelimit-headers). */
@NamedInterface("ratelimit")
public final class RateLimitHeaders {

    /** The quota policy: {@code "name";q=<limit>;w=<window seconds>}. */
    public static final String POLICY = "RateLimit-Policy";

    /** The current state: {@code "name";r=<remaining>;t=<seconds until reset>}. */
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {}
}
