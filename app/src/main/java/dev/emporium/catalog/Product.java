package dev.emporium.catalog;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A product as the API shows it. {@code price} is in minor units of {@code currency};
 * {@code attributes} is the stored JSON object, passed through without re-parsing.
 */
@Schema(
        requiredProperties = {
            "id",
            "sku",
            "name",
            "brand",
            "categoryId",
            "price",
            "currency",
            "stock",
            "active",
            "popularity",
            "description",
            "attributes",
            "createdAt",
            "updatedAt"
        })
public record Product(
        @Schema(example = "1", minimum = "1") long id,
        @Schema(example = "SKU-000001", maxLength = 64) String sku,

        @Schema(example = "Acme Kettle 1.7 l", maxLength = 200)
        String name,

        @Schema(example = "Acme", maxLength = 100) String brand,
        @Schema(example = "12") long categoryId,

        @Schema(description = "Minor units of currency", example = "2499", minimum = "0")
        long price,

        @Schema(description = "ISO 4217", example = "EUR", pattern = "^[A-Z]{3}$")
        String currency,

        @Schema(example = "17", minimum = "0") int stock,
        @Schema(example = "true") boolean active,

        @Schema(description = "Relative popularity, higher sells more", example = "840", minimum = "0")
        int popularity,

        @Schema(nullable = true, maxLength = 10_000, example = "Boils 1.7 l in under four minutes.")
        String description,

        @Schema(
                implementation = java.util.Map.class,
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "Free-form product attributes (a JSON object, at most 50 keys)",
                example = "{\"color\": \"red\", \"weightGrams\": 1200}")
        @JsonRawValue
        String attributes,

        @Schema(example = "2026-11-23T10:15:30Z") Instant createdAt,
        @Schema(example = "2026-11-23T10:15:30Z") Instant updatedAt) {}
