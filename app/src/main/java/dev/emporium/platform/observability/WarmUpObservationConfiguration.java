package dev.emporium.platform.observability;

import dev.emporium.platform.web.WarmUpRequests;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** Keeps the server's own warm-up requests out of {@code http.server.requests}. */
@Configuration(proxyBeanMethods = false)
class WarmUpObservationConfiguration {

    @Bean
    ObservationPredicate skipWarmUpRequests() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && WarmUpRequests.isWarmUp(request.getCarrier()));
    }
}
