package dev.emporium.search;

import dev.emporium.catalog.CategoryNode;
import dev.emporium.catalog.CategoryService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The catalog's category tree (its public {@link CategoryService#tree()}) indexed for search: each
 * category's subtree ids (the "category includes descendants" filter) and parent (rolling facet
 * counts of leaf categories up to the level a shopper drills into). Rebuilt whenever the catalog
 * hands out a new tree snapshot, which it does after loads and at most every minute.
 */
@Component
class CategoryIndex {

    private final CategoryService categories;
    private volatile @Nullable Snapshot snapshot;

    CategoryIndex(CategoryService categories) {
        this.categories = categories;
    }

    /** The category and all its descendants, or null for an unknown id. */
    long @Nullable [] subtree(long id) {
        Node node = current().nodes.get(id);
        return node == null ? null : node.subtree;
    }

    /** The categories one level below {@code parent} (roots when null), each with the name the catalog gives it. */
    List<CategoryNode> childrenOf(@Nullable Long parent) {
        if (parent == null) {
            return current().roots;
        }
        Node node = current().nodes.get(parent);
        return node == null ? List.of() : node.category.children();
    }

    /** The ancestor of {@code id} (or {@code id} itself) that is a child of {@code parent}; null when outside it. */
    @Nullable
    Long childOnPathTo(long id, @Nullable Long parent) {
        Map<Long, Node> nodes = current().nodes;
        Node node = nodes.get(id);
        while (node != null) {
            if (node.parent == null ? parent == null : node.parent.equals(parent)) {
                return node.category.id();
            }
            node = node.parent == null ? null : nodes.get(node.parent);
        }
        return null;
    }

    private Snapshot current() {
        List<CategoryNode> roots = categories.tree();
        Snapshot s = snapshot;
        if (s == null || s.roots != roots) {
            s = new Snapshot(roots);
            snapshot = s;
        }
        return s;
    }

    private record Node(CategoryNode category, @Nullable Long parent, long[] subtree) {}

    private static final class Snapshot {
        final List<CategoryNode> roots;
        final Map<Long, Node> nodes = new HashMap<>();

        Snapshot(List<CategoryNode> roots) {
            this.roots = roots;
            for (CategoryNode root : roots) {
                add(root, null);
            }
        }

        private List<Long> add(CategoryNode category, @Nullable Long parent) {
            List<Long> ids = new ArrayList<>();
            ids.add(category.id());
            for (CategoryNode child : category.children()) {
                ids.addAll(add(child, category.id()));
            }
            long[] subtree = ids.stream().mapToLong(Long::longValue).sorted().toArray();
            nodes.put(category.id(), new Node(category, parent, subtree));
            return ids;
        }
    }
}
