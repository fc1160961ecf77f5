package dev.emporium.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the category tree with each category's subtree precomputed, so a
 * "category including descendants" filter costs no query: the product query receives the id list.
 */
final class CategoryTree {

    private final Map<Long, Category> byId = new HashMap<>();
    private final Map<Long, long[]> subtreeIds = new HashMap<>();
    private final List<CategoryNode> roots;

    CategoryTree(List<Category> categories) {
        Map<Long, List<Category>> children = new HashMap<>();
        List<Category> rootRows = new ArrayList<>();
        for (Category c : categories) {
            byId.put(c.id(), c);
            if (c.parentId() == null) {
                rootRows.add(c);
            } else {
                children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
            }
        }
        children.values().forEach(list -> list.sort(Comparator.comparing(Category::name)));
        rootRows.sort(Comparator.comparing(Category::name));
        List<CategoryNode> nodes = new ArrayList<>();
        for (Category root : rootRows) {
            nodes.add(build(root, children));
        }
        this.roots = List.copyOf(nodes);
    }

    private CategoryNode build(Category category, Map<Long, List<Category>> children) {
        List<CategoryNode> kids = new ArrayList<>();
        List<Long> subtree = new ArrayList<>();
        subtree.add(category.id());
        for (Category child : children.getOrDefault(category.id(), List.of())) {
            kids.add(build(child, children));
            for (long id : Objects.requireNonNull(subtreeIds.get(child.id()), "built just above")) {
                subtree.add(id);
            }
        }
        subtreeIds.put(
                category.id(),
                subtree.stream().mapToLong(Long::longValue).sorted().toArray());
        return new CategoryNode(category.id(), category.name(), category.slug(), List.copyOf(kids));
    }

    boolean contains(long id) {
        return byId.containsKey(id);
    }

    /** The category and all its descendants, or an empty array for an unknown id. */
    long[] subtree(long id) {
        return subtreeIds.getOrDefault(id, new long[0]);
    }

    /** The category and every ancestor up to its root: the lists a product in it appears in. */
    List<Long> selfAndAncestors(long id) {
        List<Long> chain = new ArrayList<>();
        Category c = byId.get(id);
        while (c != null && chain.size() <= byId.size()) {
            chain.add(c.id());
            c = c.parentId() == null ? null : byId.get(c.parentId());
        }
        if (chain.isEmpty()) {
            chain.add(id);
        }
        return chain;
    }

    List<CategoryNode> roots() {
        return roots;
    }

    int size() {
        return byId.size();
    }
}
