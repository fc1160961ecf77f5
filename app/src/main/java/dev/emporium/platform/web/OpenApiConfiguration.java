package dev.emporium.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The frame of the OpenAPI document: the API's name, the bearer scheme and the tags; the one
 * {@code Problem} schema every error response uses is defined here and added by {@link StandardResponses}. Operations come from the controllers
 * (springdoc); {@link StandardResponses} then completes each one with its security requirement and
 * the error responses the platform can produce for it. See {@link StandardResponses} for what a new
 * endpoint has to declare itself.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI emporiumOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Emporium API")
                        .version("v1")
                        .description("Commerce API. Money is in minor units with an ISO 4217 currency; errors are "
                                + "RFC 9457 problem+json; lists are {items, limit, offset, total, totalExact, nextCursor}. "
                                + "Log in with POST /api/v1/auth/login and use the accessToken as a bearer token."))
                .servers(List.of(new Server().url("/").description("The server that serves this document")))
                .tags(List.of(
                        new Tag().name("catalog").description("Categories and products, public reads"),
                        new Tag().name("catalog-admin").description("Product writes, ADMIN only"),
                        new Tag().name("auth").description("Registration, login, token refresh and logout"),
                        new Tag().name("account").description("The caller's own account"),
                        new Tag().name("account-admin").description("User roles and the audit log, ADMIN only"),
                        new Tag()
                                .name("fulfillment")
                                .description("Parcel scanning, links, lookups and stats; STAFF or ADMIN")))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("The accessToken from POST /api/v1/auth/login, valid 5 minutes")));
    }

    @Bean
    OpenApiCustomizer standardResponses(org.springframework.core.env.Environment environment) {
        return new StandardResponses(environment.getProperty("emporium.rate-limit.enabled", Boolean.class, true));
    }

    /** RFC 9457 as {@link Problems} writes it; {@code errors} only for invalid fields or parameters. */
    static ObjectSchema problemSchema() {
        ObjectSchema problem = new ObjectSchema();
        problem.description("An RFC 9457 problem detail")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description("https://emporium.dev/problems/{status}")
                                .example("https://emporium.dev/problems/400"))
                .addProperty(
                        "title", new StringSchema().description("Short summary").example("Invalid request"))
                .addProperty(
                        "status",
                        new IntegerSchema()
                                .format("int32")
                                .minimum(java.math.BigDecimal.valueOf(400))
                                .maximum(java.math.BigDecimal.valueOf(599))
                                .example(400))
                .addProperty(
                        "detail",
                        new StringSchema()
                                .description("What went wrong, for a human")
                                .example("limit: must be between 1 and 500"))
                .addProperty(
                        "instance",
                        new StringSchema()
                                .format("uri-reference")
                                .description("The request path")
                                .example("/api/v1/products"))
                .addProperty(
                        "errors",
                        new MapSchema()
                                .additionalProperties(new StringSchema())
                                .description("Invalid field or parameter → message")
                                .example(java.util.Map.of("limit", "must be between 1 and 500")))
                .addProperty(
                        "code",
                        new StringSchema()
                                .description(
                                        "Machine-readable reason where a status has several, e.g. "
                                                + "insufficient_funds, limit_exceeded, verification_required, "
                                                + "idempotency_key_reused, currency_mismatch; orders: insufficient_stock, "
                                                + "order_shipped, order_cancelled; fulfillment: invalid_transition, "
                                                + "wrong_kind, travels_with_parent, order_mismatch, unknown_order, already_linked, "
                                                + "parent_full, parent_closed, cycle, contention, scan_id_reused; "
                                                + "429: rate_limited, login_locked, login_throttled; 503: overloaded, hashing_busy")
                                .example("limit_exceeded"))
                // RFC 9457 extension members. Each is listed here (rather than allowing any member) so the
                // contract guard still rejects a body that carries something the document does not name.
                .addProperty(
                        "limit",
                        new StringSchema()
                                .description("limit_exceeded: which limit, per_transfer or per_day")
                                .example("per_day"))
                .addProperty("max", amountMember("limit_exceeded: the limit, in minor units"))
                .addProperty("usedToday", amountMember("limit_exceeded (per_day): already used today"))
                .addProperty("remainingToday", amountMember("limit_exceeded (per_day): still available today"))
                .addProperty("amount", amountMember("insufficient_funds: the amount asked for"))
                .addProperty("threshold", amountMember("verification_required: amounts above this need VERIFIED"))
                .addProperty(
                        "verificationStatus",
                        new StringSchema()
                                .description("verification_required: the caller's current status")
                                .example("UNVERIFIED"))
                .addProperty(
                        "capacity",
                        new IntegerSchema()
                                .format("int32")
                                .description("parent_full: how many children the parent holds at most")
                                .example(50))
                .addProperty(
                        "retryAfterSeconds",
                        new IntegerSchema()
                                .format("int64")
                                .description("429: seconds until a request is allowed again (as Retry-After)")
                                .example(6))
                .addProperty("fromCurrency", new StringSchema().description("Currency mismatch: the payer's currency"))
                .addProperty("toCurrency", new StringSchema().description("Currency mismatch: the payee's currency"))
                .addProperty(
                        "shortages",
                        new ArraySchema()
                                .items(new ObjectSchema()
                                        .addProperty("productId", amountMember("the product"))
                                        .addProperty("name", new StringSchema().description("its name"))
                                        .addProperty(
                                                "requested",
                                                new IntegerSchema()
                                                        .format("int32")
                                                        .description("quantity ordered"))
                                        .addProperty(
                                                "available",
                                                new IntegerSchema()
                                                        .format("int32")
                                                        .description("stock when the order was tried"))
                                        .required(List.of("productId", "name", "requested", "available")))
                                .description("insufficient_stock: every product the order could not have"));
        problem.required(List.of("type", "title", "status", "detail"));
        return problem;
    }

    private static IntegerSchema amountMember(String description) {
        IntegerSchema schema = new IntegerSchema();
        schema.format("int64").description(description);
        return schema;
    }
}
