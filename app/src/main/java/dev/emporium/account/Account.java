package dev.emporium.account;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A user as the API and other features see it: never the password hash. */
@Schema(requiredProperties = {"id", "email", "name", "role", "createdAt"})
public record Account(
        @Schema(example = "2") long id,

        @Schema(format = "email", example = "alice@demo.emporium.dev")
        String email,

        @Schema(example = "Alice") String name,
        Role role,
        @Schema(example = "2026-11-23T10:15:30Z") Instant createdAt) {}
