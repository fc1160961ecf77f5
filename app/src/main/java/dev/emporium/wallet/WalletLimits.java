package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;

/** The caller's transfer limits and what today's transfers have used (days are UTC). */
@Schema(description = "Transfer limits and today's use, in minor units")
public record WalletLimits(
        @Schema(pattern = "^[A-Z]{3}$") String currency,
        @Schema(format = "int64", minimum = "1") long perTransfer,
        @Schema(format = "int64", minimum = "1") long perDay,
        @Schema(format = "int64", minimum = "0") long usedToday,
        @Schema(format = "int64", minimum = "0") long remainingToday,

        @Schema(format = "int64", minimum = "0", description = "transfers above this need VERIFIED")
        long verificationThreshold,

        VerificationStatus verificationStatus,
        @Schema(format = "date") LocalDate day) {}
