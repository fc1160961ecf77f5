package dev.emporium.catalog;

import java.util.List;

/** A category with its children, as {@code GET /api/v1/categories} returns it. */
public record CategoryNode(long id, String name, String slug, List<CategoryNode> children) {}
