package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** Stock received from a supplier: {@code quantity} units of a product at {@code unitCost} each. */
@Schema(name = "Delivery", description = "A stock delivery; its quantity was added to the product's stock")
record Delivery(
        @Schema(format = "int64", minimum = "1") long id,
        @Schema(format = "int64", minimum = "1") long supplierId,
        @Schema(format = "int64", minimum = "1") long productId,

        @Schema(format = "int32", minimum = "1", maximum = "1000000")
        int quantity,

        @Schema(format = "int64", minimum = "0", description = "minor units of the supplier's currency, per unit")
        long unitCost,

        @Schema(format = "int64", minimum = "0", description = "quantity × unitCost")
        long value,

        @Schema(format = "date-time") Instant receivedAt) {}
