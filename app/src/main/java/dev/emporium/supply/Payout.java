package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Money paid to a supplier: a {@code SUPPLIER_PAYOUT} transfer in the wallet ledger. */
@Schema(name = "SupplierPayout", description = "A payout to a supplier and the ledger transfer that made it")
record Payout(
        @Schema(format = "int64", minimum = "1") long id,
        @Schema(format = "int64", minimum = "1") long supplierId,

        @Schema(format = "int64", minimum = "1", description = "the ledger transfer")
        long transferId,

        @Schema(format = "int64", minimum = "1", description = "minor units")
        long amount,

        @Schema(pattern = "^[A-Z]{3}$") String currency,
        @Schema(nullable = true, maxLength = 140) @Nullable String reference,
        @Schema(format = "date-time") Instant paidAt) {}
