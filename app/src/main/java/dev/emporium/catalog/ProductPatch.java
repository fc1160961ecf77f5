package dev.emporium.catalog;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code PATCH /api/v1/admin/products/{id}}: any subset of the fields; absent fields keep their value. */
public record ProductPatch(
        @PositiveOrZero @Max(1_000_000_000_000L) @Nullable Long price,
        @PositiveOrZero @Max(1_000_000_000) @Nullable Integer stock,
        @Size(min = 1, max = 200) @Nullable String name,
        @Nullable Long categoryId,
        @Nullable Boolean active) {

    @AssertTrue(message = "at least one of price, stock, name, categoryId, active is required")
    boolean isNotEmpty() {
        return price != null || stock != null || name != null || categoryId != null || active != null;
    }
}
