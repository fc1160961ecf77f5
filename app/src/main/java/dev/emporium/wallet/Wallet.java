package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.media.Schema;

/** A customer's wallet as {@code GET /api/v1/wallet} shows it: balance in minor units of {@code currency}. */
@Schema(description = "The caller's wallet")
public record Wallet(
        @Schema(format = "int64", minimum = "1") long accountId,

        @Schema(format = "int64", minimum = "0", description = "minor units")
        long balance,

        @Schema(pattern = "^[A-Z]{3}$", example = "EUR") String currency) {}
