package dev.emporium.catalog;

/** One row of the category tree; {@code parentId} is null for a root. */
public record Category(long id, Long parentId, String name, String slug, int depth) {}
