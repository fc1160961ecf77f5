package dev.emporium.supply;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Request bodies of the supplier endpoints. */
final class SupplierRequests {

    private SupplierRequests() {}

    @Schema(name = "NewSupplier", description = "A new supplier; its ledger account is opened with it")
    record NewSupplier(
            @Schema(maxLength = 200, example = "Nordic Kettles AB") @NotBlank @Size(max = 200)
            String name,

            @Schema(format = "email", nullable = true, maxLength = 254) @Email @Size(max = 254) @Nullable
            String email,

            @Schema(pattern = "^[A-Z]{3}$", nullable = true, description = "default: the wallet's currency")
            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
            @Nullable
            String currency) {}

    @Schema(
            name = "SupplierChange",
            description = "Fields left out or null keep their value; the currency never changes")
    record SupplierChange(
            @Schema(maxLength = 200, nullable = true) @Size(min = 1, max = 200) @Nullable
            String name,

            @Schema(format = "email", nullable = true, maxLength = 254) @Email @Size(max = 254) @Nullable
            String email,

            @Schema(nullable = true) @Nullable Boolean active) {}
}
