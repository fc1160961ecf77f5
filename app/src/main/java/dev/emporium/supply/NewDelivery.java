package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** {@code POST /api/v1/admin/supply/deliveries}; the same fields as a line of the CSV import. */
@Schema(name = "NewDelivery", description = "A delivery received from a supplier")
record NewDelivery(
        @Schema(format = "int64", minimum = "1") @NotNull @Positive
        Long supplierId,

        @Schema(format = "int64", minimum = "1") @NotNull @Positive
        Long productId,

        @Schema(format = "int32", minimum = "1", maximum = "1000000") @NotNull @Min(1) @Max(DeliveryRules.MAX_QUANTITY)
        Integer quantity,

        @Schema(format = "int64", minimum = "0", maximum = "1000000000000", description = "minor units, per unit")
        @NotNull
        @Min(0)
        @Max(DeliveryRules.MAX_UNIT_COST)
        Long unitCost,

        @Schema(format = "date-time", nullable = true, description = "default: now; never in the future") @Nullable
        Instant receivedAt) {}
