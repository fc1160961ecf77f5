package dev.emporium.account;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to login and refresh; {@code expiresIn} is the access token's lifetime in seconds. */
@Schema(requiredProperties = {"accessToken", "refreshToken", "expiresIn", "tokenType"})
record TokenPair(
        @Schema(description = "HS256 JWT; send as Authorization: Bearer …", example = "eyJhbGciOiJIUzI1NiJ9.e30.sig")
        String accessToken,

        @Schema(
                description = "Opaque; rotates on every refresh",
                example = "q8Vd0m3sN1xk2b7W5yJ4tF6hR9cL0pA3eZ8uI1oK2gM")
        String refreshToken,

        @Schema(description = "Lifetime of the access token in seconds", example = "300", minimum = "1")
        long expiresIn,

        @Schema(example = "Bearer", allowableValues = "Bearer")
        String tokenType) {}
