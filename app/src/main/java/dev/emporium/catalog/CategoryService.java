package dev.emporium.catalog;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Serves the category tree from an in-memory snapshot. The tree changes rarely (data loads), so the
 * snapshot is rebuilt when {@link #invalidate()} is called (on every node: the {@code categories}
 * cache calls it whenever it is cleared, see {@link CatalogCaches}) and, as a safety net, when it is
 * older than {@link #MAX_AGE}.
 *
 * <p>A load that was already reading when {@link #invalidate()} ran may have read the old tree; it
 * is used for its own request but never installed, so after an invalidation every new request reads
 * a tree loaded after it.
 */
@Service
public class CategoryService {

    static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final CategoryRepository categories;
    private volatile @Nullable Snapshot snapshot;
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

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
        version.incrementAndGet();
        snapshot = null;
    }

    CategoryTree current() {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.loadedAt() > MAX_AGE.toNanos()) {
            long v = version.get();
            s = new Snapshot(new CategoryTree(categories.findAll()), System.nanoTime(), v);
            synchronized (this) {
                if (version.get() == v) {
                    snapshot = s;
                }
            }
        }
        return s.tree();
    }

    private record Snapshot(CategoryTree tree, long loadedAt, long version) {}
}
