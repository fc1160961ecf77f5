package dev.emporium.catalog;

import dev.emporium.platform.cache.CacheKeys;
import dev.emporium.platform.cache.CacheableRoutes;
import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.cache.TieredCaches;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Which catalog reads the response cache may answer, how their entries are keyed and tagged, and
 * which tags a write invalidates.
 *
 * <p>Keys are canonical ({@link ListQueryKey}): parsed, validated, in a fixed order, parameters the
 * API does not read left out. Tags: a product's detail carries {@code product:ID}; a list or popular
 * page filtered by category C carries {@code category:C}; every other list carries {@code all}.
 *
 * <p>What a write invalidates, and why it is enough:
 * <ul>
 *   <li>Always the product's own detail ({@code product:ID}).</li>
 *   <li>When a field that lists show, filter or sort by changed (price, name, category, active, or a
 *       new product): the lists of its old and new categories and their ancestors (lists include
 *       descendants), and {@code all}.</li>
 *   <li>A change of stock alone touches no list. <b>Stock in a cached list is a hint with bounded
 *       staleness</b>: at most the {@code product-pages} / {@code popular} lifetime ({@code l2-ttl},
 *       5 minutes by default) old. No list filters or sorts by stock, and nothing sells from it: an
 *       order takes stock with a conditional update in its own transaction, and the product's detail
 *       (what a shopper sees before buying) is always current.</li>
 * </ul>
 * A stock-only write therefore keeps the hottest pages warm; the write rate in the workload
 * measures what that is worth (README).
 *
 * <p>The category tree snapshot ({@link CategoryService}) is dropped whenever the {@code categories}
 * cache is cleared on this node, by a local write or a message from another node, and a bulk change
 * clears {@code categories} before the product caches. Messages are handled in order on one thread,
 * so every node has dropped its old tree before any page of the new generation can be built.
 */
@Component
class CatalogCaches implements CacheableRoutes {

    static final String PRODUCTS = "products";
    static final String PAGES = "product-pages";
    static final String POPULAR = "popular";
    static final String CATEGORIES = "categories";
    static final String TREE = "tree";

    private static final String API = "/api/v1/";
    private static final String DETAIL = "/api/v1/products/";
    /** Longer query strings are never cached: no legitimate list query comes close. */
    private static final int MAX_QUERY = 512;

    private final TieredCaches caches;
    private final CategoryService categories;

    CatalogCaches(TieredCaches caches, CategoryService categories) {
        this.caches = caches;
        this.categories = categories;
        caches.responses(CATEGORIES).whenCleared(categories::invalidate);
    }

    @Override
    public @Nullable Route match(String path, @Nullable String query) {
        if (!path.startsWith(API) || (query != null && query.length() > MAX_QUERY)) {
            return null;
        }
        return switch (path) {
            case "/api/v1/products" -> list(PAGES, path, query, ListQueryKey.PRODUCTS);
            case "/api/v1/products/popular" -> list(POPULAR, path, query, ListQueryKey.POPULAR);
            case "/api/v1/categories" -> new Route(CATEGORIES, path, TREE, path);
            default -> detail(path);
        };
    }

    private static Route list(String cache, String path, @Nullable String query, List<String> known) {
        ListQueryKey.Parsed parsed = ListQueryKey.parse(path, query, known);
        if (parsed == null) {
            return new Route(cache, path, CacheKeys.ALL, null);
        }
        String tag = parsed.category() == null ? CacheKeys.ALL : CacheKeys.category(parsed.category());
        return new Route(cache, path, tag, parsed.key());
    }

    /** Product detail: the id must be plain digits; the key is the canonical path (query ignored, as the API does). */
    private static @Nullable Route detail(String path) {
        if (!path.startsWith(DETAIL) || path.length() == DETAIL.length() || path.length() > DETAIL.length() + 18) {
            return null;
        }
        for (int i = DETAIL.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        long id = Long.parseLong(path.substring(DETAIL.length()));
        return new Route(PRODUCTS, "/api/v1/products/{id}", CacheKeys.product(id), DETAIL + id);
    }

    @Override
    public List<String> warmUp() {
        List<String> paths =
                new ArrayList<>(List.of("/api/v1/categories", "/api/v1/products", "/api/v1/products/popular"));
        for (CategoryNode root : categories.tree()) {
            paths.add("/api/v1/products?category=" + root.id());
        }
        return paths;
    }

    /** Runs after the write committed, on the writer's thread: its own next read is already fresh. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void productChanged(ProductChanged event) {
        cache(PRODUCTS).invalidate(CacheKeys.product(event.productId()));
        if (event.listsAffected()) {
            invalidateLists(event);
        }
        caches.awaitSettled();
    }

    private void invalidateLists(ProductChanged event) {
        List<String> listTags = new ArrayList<>();
        listTags.add(CacheKeys.ALL);
        CategoryTree tree = categories.current();
        for (long category : event.categoryIds()) {
            for (long id : tree.selfAndAncestors(category)) {
                String tag = CacheKeys.category(id);
                if (!listTags.contains(tag)) {
                    listTags.add(tag);
                }
            }
        }
        for (String tag : listTags) {
            cache(PAGES).invalidate(tag);
            cache(POPULAR).invalidate(tag);
        }
    }

    /** After a bulk load nothing cached about the catalog holds; the tree goes first (see the class comment). */
    void catalogReplaced() {
        for (String name : List.of(CATEGORIES, PRODUCTS, PAGES, POPULAR)) {
            cache(name).invalidateAll();
        }
        caches.awaitSettled();
    }

    private TieredCache<?> cache(String name) {
        return caches.responses(name);
    }
}
