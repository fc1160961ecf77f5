package dev.emporium.platform.observability;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cheap health: {@link HealthSnapshots} refreshed in the background and served by
 * {@link HealthProbeHandler}, wrapped around everything else Jetty runs.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthSnapshots healthSnapshots(HealthEndpointWebExtension endpoint, JsonMapper json, HealthProperties properties) {
        return new HealthSnapshots(endpoint, json, properties.refreshInterval());
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> healthProbeHandler(HealthSnapshots snapshots) {
        return factory -> factory.addServerCustomizers(server -> {
            HealthProbeHandler handler = new HealthProbeHandler(snapshots);
            handler.setHandler(server.getHandler());
            server.setHandler(handler);
        });
    }
}
