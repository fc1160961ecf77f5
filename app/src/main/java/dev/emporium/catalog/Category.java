package dev.emporium.catalog;

import org.jspecify.annotations.Nullable;

/** One row of the category tree; {@code parentId} is null for a root. */
public record Category(long id, @Nullable Long parentId, String name, String slug, int depth) {}
