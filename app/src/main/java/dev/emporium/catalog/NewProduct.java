package dev.emporium.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /api/v1/admin/products}: price in minor units, currency an ISO 4217 code. */
public record NewProduct(
        @NotBlank
        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only")
        String sku,

        @Schema(example = "Acme Kettle 1.7 l") @NotBlank @Size(max = 200)
        String name,

        @NotBlank @Size(max = 100) String brand,
        @NotNull Long categoryId,

        @Schema(description = "Minor units of currency", example = "2499")
        @NotNull
        @PositiveOrZero
        @Max(1_000_000_000_000L)
        Long price,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        String currency,

        @NotNull @PositiveOrZero @Max(1_000_000_000) Integer stock,

        @Schema(nullable = true) @Size(max = 10_000) @Nullable
        String description,

        @Schema(
                nullable = true,
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "A JSON object of at most 50 keys",
                example = "{\"color\": \"red\"}")
        @Size(max = 50)
        @Nullable
        Map<String, Object> attributes) {}
