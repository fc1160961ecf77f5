package dev.emporium.platform.ratelimit;

import java.time.Duration;
import org.springframework.modulith.NamedInterface;

/**
 * One group's effective limit: a token bucket of {@code limit} tokens refilled continuously at
 * {@code limit} per {@code period}, so a client may burst up to the limit and then proceeds at the
 * average rate. Rendered as {@code RateLimit-Policy: "name";q=limit;w=seconds}.
 */
@NamedInterface("ratelimit")
public record Policy(String name, long limit, Duration period) {

    String header() {
        return "\"" + name + "\";q=" + limit + ";w=" + Math.max(1, period.toSeconds());
    }
}
