package dev.emporium.catalog;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Serves the category tree from an in-memory snapshot. The tree changes rarely (data loads), so the
 * snapshot is rebuilt when {@link #invalidate()} is called and, as a safety net for changes made by
 * another node, when it is older than {@link #MAX_AGE}.
 */
@Service
public class CategoryService {

    static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final CategoryRepository categories;
    private volatile @Nullable Snapshot snapshot;

    CategoryService(CategoryRepository categories) {
        this.categories = categories;
    }

    public List<CategoryNode> tree() {
        return current().roots();
    }

    public boolean exists(long id) {
        return current().contains(id);
    }

    /** Forget the snapshot; the next read loads the tree again. */
    public void invalidate() {
        snapshot = null;
    }

    CategoryTree current() {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.loadedAt() > MAX_AGE.toNanos()) {
            s = new Snapshot(new CategoryTree(categories.findAll()), System.nanoTime());
            snapshot = s;
        }
        return s.tree();
    }

    private record Snapshot(CategoryTree tree, long loadedAt) {}
}
