package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** What an import added, all of it in one transaction. */
@Schema(name = "DeliveryImport", description = "The outcome of an all-or-nothing delivery import")
record DeliveryImport(
        @Schema(format = "int32", minimum = "1", description = "deliveries added (one per line)")
        int imported,

        @Schema(format = "int32", minimum = "1", description = "distinct products whose stock grew")
        int products,

        @Schema(format = "int64", minimum = "0", description = "sum of quantity × unit cost")
        long totalValue,

        @Schema(format = "date-time") Instant receivedFrom,
        @Schema(format = "date-time") Instant receivedTo) {}
