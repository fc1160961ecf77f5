package dev.emporium.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in its OpenAPI document and declares the bearer scheme Swagger UI offers for "Authorize". */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI emporiumOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Emporium API")
                        .version("v1")
                        .description("Commerce API. Money is in minor units with an ISO 4217 currency; errors are "
                                + "RFC 9457 problem+json; lists are {items, limit, offset, total, totalExact, nextCursor}. "
                                + "Log in with POST /api/v1/auth/login and use the accessToken as a bearer token."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")));
    }
}
