package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A supplier and its ledger account. */
@Schema(name = "Supplier", description = "A supplier of stock, paid through its ledger account")
record Supplier(
        @Schema(format = "int64", minimum = "1") long id,
        @Schema(maxLength = 200) String name,

        @Schema(format = "email", nullable = true, maxLength = 254) @Nullable
        String email,

        @Schema(pattern = "^[A-Z]{3}$", description = "currency of deliveries' unit costs and of payouts")
        String currency,

        @Schema(format = "int64", minimum = "1", description = "the supplier's wallet ledger account")
        long accountId,

        @Schema(description = "inactive suppliers cannot deliver; they can still be paid")
        boolean active,

        @Schema(format = "date-time") Instant createdAt,
        @Schema(format = "date-time") Instant updatedAt) {}
