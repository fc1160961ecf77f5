package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A customer's verification status; {@code updatedAt} is null while it was never set (UNVERIFIED). */
@Schema(description = "A customer's verification (KYC) status")
public record Verification(
        @Schema(format = "int64", minimum = "1") long customerId,
        VerificationStatus status,

        @Schema(format = "date-time", nullable = true) @Nullable
        Instant updatedAt) {}
