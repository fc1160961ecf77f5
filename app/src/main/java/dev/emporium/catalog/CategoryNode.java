package dev.emporium.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A category with its children, as {@code GET /api/v1/categories} returns it. */
@Schema(requiredProperties = {"id", "name", "slug", "children"})
public record CategoryNode(
        @Schema(example = "12") long id,
        @Schema(example = "Kitchen") String name,
        @Schema(example = "kitchen") String slug,

        @Schema(description = "Sub-categories; empty for a leaf")
        List<CategoryNode> children) {}
