package dev.emporium.account;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One row of the audit log as the admin listing shows it; {@code detail} is the stored JSON object. */
@Schema(requiredProperties = {"id", "occurredAt", "event", "userId", "email", "remoteAddr", "detail"})
record AuditEntry(
        @Schema(example = "41") long id,
        @Schema(example = "2026-11-23T10:15:30Z") Instant occurredAt,
        @Schema(example = "LOGIN_FAILED") String event,
        @Schema(nullable = true, example = "2") @Nullable Long userId,

        @Schema(nullable = true, example = "alice@demo.emporium.dev") @Nullable
        String email,

        @Schema(nullable = true, example = "127.0.0.1") @Nullable
        String remoteAddr,

        @Schema(
                implementation = java.util.Map.class,
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "Event-specific details (a JSON object)",
                example = "{\"reason\": \"bad password\"}")
        @JsonRawValue
        String detail) {}
