package dev.emporium.platform.web;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the guards that keep malformed requests from becoming 500s: {@link RequestGuardFilter} just
 * after the metrics and statement filters (so rejected requests are still counted) and before the
 * response cache, and {@link JettyProblemErrors} for what Jetty rejects before any filter runs.
 */
@Configuration(proxyBeanMethods = false)
class WebGuardConfiguration {

    /** Larger than any request body of the API (a product with 50 attributes and a 10,000-character description). */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    @Bean
    FilterRegistrationBean<RequestGuardFilter> requestGuardFilter(JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new RequestGuardFilter(json, MAX_BODY_BYTES));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }

    /** The one list of reverse proxies whose forwarding headers are believed (HSTS here, client addresses). */
    @Bean
    TrustedProxies trustedProxies(WebPolicyProperties properties) {
        return new TrustedProxies(properties.trustedProxies());
    }

    /** First of all filters, so every answer (cache hits, 413s, refusals, errors) carries the headers. */
    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(
            WebPolicyProperties properties, TrustedProxies trustedProxies) {
        var registration = new FilterRegistrationBean<>(new SecurityHeadersFilter(properties, trustedProxies));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(
                jakarta.servlet.DispatcherType.REQUEST,
                jakarta.servlet.DispatcherType.ERROR,
                jakarta.servlet.DispatcherType.ASYNC);
        return registration;
    }

    /** After the metrics filter (refused preflights are counted), before the guards, the cache and security. */
    @Bean
    FilterRegistrationBean<CorsPolicyFilter> corsPolicyFilter(WebPolicyProperties properties, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new CorsPolicyFilter(properties.cors(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> problemErrorPages() {
        return factory -> factory.addServerCustomizers(server -> server.setErrorHandler(new JettyProblemErrors()));
    }

    /**
     * Two settings of every HTTP connector.
     *
     * <ul>
     *   <li>The listen backlog ({@code emporium.web.accept-queue-size}). Jetty's default leaves it to the
     *       JDK's 50: a burst of new connections beyond that had its SYNs dropped by the kernel and retried a
     *       second later (the overload drill's 1 s stalls, counted as {@code ListenOverflows} in {@code
     *       /proc/net/netstat}). The kernel caps it at {@code net.core.somaxconn}.</li>
     *   <li>Jetty's per-connection cache of parsed header fields ({@code emporium.web.header-cache-size},
     *       bytes; 0 turns it off). Every API request carries a different {@code Authorization} value once a
     *       connection is shared by many callers (a proxy, a load generator), so the cache mostly adds and
     *       clears: a profile of the overload drill found a sixth of the server's Java CPU there.</li>
     * </ul>
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> connectorSettings(WebPolicyProperties properties) {
        return factory -> factory.addServerCustomizers(server -> {
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof ServerConnector listening) {
                    listening.setAcceptQueueSize(properties.acceptQueueSize());
                }
                HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().setHeaderCacheSize(properties.headerCacheSize());
                }
            }
        });
    }
}
