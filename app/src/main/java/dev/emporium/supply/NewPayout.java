package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** {@code POST /api/v1/admin/supply/suppliers/{id}/payouts}: the amount is validated as every wallet amount is. */
@Schema(name = "NewSupplierPayout", description = "Pay a supplier from the shop's supplier-payouts account")
record NewPayout(
        @Schema(
                type = "integer",
                format = "int64",
                minimum = "1",
                maximum = "1000000000000000",
                description = "minor units of the supplier's currency")
        @NotNull
        BigDecimal amount,

        @Schema(nullable = true, maxLength = 140, example = "invoice 2026-117")
        @Size(max = 140)
        @Pattern(regexp = "^[^\\x00-\\x1F\\x7F]*$")
        @Nullable
        String reference) {}
