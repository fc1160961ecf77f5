package dev.emporium.platform.web;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.web.*}: what browsers are allowed to do with the API (CORS) and which proxies are believed about
 * the scheme a request arrived on (HSTS) and the client behind them (rate limits).
 *
 * @param cors cross-origin access; none unless origins are listed
 * @param trustedProxies addresses or CIDR blocks of the reverse proxies in front of the service ({@link
 *     TrustedProxies}): their {@code X-Forwarded-Proto: https} counts as "this request came over TLS" and their
 *     {@code X-Forwarded-For} names the client (rate limits, audit); empty: neither header is believed
 * @param hstsMaxAge {@code max-age} of {@code Strict-Transport-Security}, sent only on requests that came over TLS
 * @param acceptQueueSize the HTTP connector's listen backlog (connections the kernel holds until Jetty accepts them)
 * @param headerCacheSize bytes of Jetty's per-connection cache of parsed header fields; 0 (the default) turns it off
 */
@ConfigurationProperties("emporium.web")
public record WebPolicyProperties(
        @DefaultValue Cors cors,
        List<String> trustedProxies,
        @DefaultValue("365d") Duration hstsMaxAge,
        @DefaultValue("1024") @Min(1) int acceptQueueSize,
        @DefaultValue("0") @Min(0) int headerCacheSize) {

    public WebPolicyProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    /**
     * @param allowedOrigins exact origins ({@code https://shop.example.com}) or patterns
     *     ({@code https://*.example.com}) a browser may call the API from; empty (the default) means no CORS headers at all and every preflight refused
     * @param allowedMethods methods a preflight may ask for
     * @param allowedHeaders request headers a preflight may ask for
     * @param exposedHeaders response headers a cross-origin script may read
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(
            List<String> allowedOrigins,

            @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE"})
            List<String> allowedMethods,

            @DefaultValue({"Authorization", "Content-Type", "Idempotency-Key", "If-None-Match", "If-Match"})
            List<String> allowedHeaders,

            @DefaultValue({"ETag", "Location", "Retry-After", "RateLimit", "RateLimit-Policy", "X-Cache", "X-Cache-Tier"
            })
            List<String> exposedHeaders,

            @DefaultValue("1h") Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }
}
