package dev.emporium.catalog;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A product as the API shows it. {@code price} is in minor units of {@code currency};
 * {@code attributes} is the stored JSON object, passed through without re-parsing.
 */
public record Product(
        long id,
        String sku,
        String name,
        String brand,
        long categoryId,
        long price,
        String currency,
        int stock,
        boolean active,
        int popularity,
        String description,
        @JsonRawValue String attributes,
        Instant createdAt,
        Instant updatedAt) {}
