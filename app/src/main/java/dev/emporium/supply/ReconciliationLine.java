package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;

/** One supplier's delivered and paid value over the window. */
@Schema(name = "ReconciliationLine", description = "A supplier whose variance exceeds the threshold")
record ReconciliationLine(
        @Schema(format = "int64", minimum = "1") long supplierId,
        String name,
        @Schema(pattern = "^[A-Z]{3}$") String currency,

        @Schema(format = "int64", minimum = "0", description = "sum of quantity × unit cost received in the window")
        long delivered,

        @Schema(format = "int64", minimum = "0", description = "sum of payouts made in the window")
        long paid,

        @Schema(
                format = "int64",
                description = "delivered − paid: positive = owed to the supplier, negative = paid ahead")
        long variance,

        @Schema(format = "int64", minimum = "0") long deliveries,
        @Schema(format = "int64", minimum = "0") long payouts) {}
