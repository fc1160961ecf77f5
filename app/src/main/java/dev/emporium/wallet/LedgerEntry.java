package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One line of a wallet's history: a signed amount (negative = sent) and the balance right after it. */
@Schema(description = "A wallet history line")
public record LedgerEntry(
        @Schema(format = "int64", minimum = "1") long id,
        @Schema(format = "int64", minimum = "1") long transferId,
        TransferKind kind,

        @Schema(format = "int64", description = "signed minor units: negative left the wallet")
        long amount,

        @Schema(format = "int64", minimum = "0") long balanceAfter,
        @Schema(format = "int64", minimum = "1") long counterpartyAccountId,
        @Schema(nullable = true, maxLength = 140) @Nullable String reference,
        @Schema(format = "date-time") Instant createdAt) {}
