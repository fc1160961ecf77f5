package dev.emporium.platform.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.metrics.*}: who may read {@code /actuator/prometheus} and {@code /actuator/metrics}.
 *
 * @param scrapeToken a secret a scraper presents as {@code Authorization: Bearer <token>} (Prometheus:
 *     {@code authorization.credentials_file}); unset: no token works
 * @param allowedNetworks addresses or CIDR ranges whose direct requests (no {@code X-Forwarded-For} or
 *     {@code Forwarded} header) need no credential; default loopback only
 */
@ConfigurationProperties("emporium.metrics")
record MetricsAccessProperties(
        @Nullable String scrapeToken,
        @DefaultValue({"127.0.0.1/32", "::1/128"}) List<String> allowedNetworks) {

    MetricsAccessProperties {
        scrapeToken = scrapeToken == null || scrapeToken.isBlank() ? null : scrapeToken;
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }
}
