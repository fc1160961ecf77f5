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
 * Which catalog reads the response cache may answer, how their entries are tagged, and which
 * tags a write invalidates.
 *
 * <p>Tags: a product's detail carries {@code product:ID}; a list or popular page filtered by
 * category C carries {@code category:C}; every other list carries {@code all}. A product in
 * category C appears in the lists of C and of each of its ancestors (lists include descendants)
 * and possibly in any unfiltered list, so a change invalidates {@code product:ID}, {@code
 * category:X} for C and its ancestors, and {@code all}. A query whose category cannot be read
 * unambiguously from the raw query string is tagged {@code all}, which every change invalidates,
 * so a misread can only cost a miss, never serve stale data.
 */
@Component
class CatalogCaches implements CacheableRoutes {

    static final String PRODUCTS = "products";
    static final String PAGES = "product-pages";
    static final String POPULAR = "popular";
    static final String CATEGORIES = "categories";
    static final String TREE = "tree";

    private static final String API = "/api/v1/";
    private static final int MAX_QUERY = 512;

    private final TieredCaches caches;
    private final CategoryService categories;

    CatalogCaches(TieredCaches caches, CategoryService categories) {
        this.caches = caches;
        this.categories = categories;
    }

    @Override
    public @Nullable Route match(String path, @Nullable String query) {
        if (!path.startsWith(API) || (query != null && query.length() > MAX_QUERY)) {
            return null;
        }
        return switch (path) {
            case "/api/v1/products" -> new Route(PAGES, path, listTag(query));
            case "/api/v1/products/popular" -> new Route(POPULAR, path, listTag(query));
            case "/api/v1/categories" -> query == null ? new Route(CATEGORIES, path, TREE) : null;
            default -> detail(path, query);
        };
    }

    private static @Nullable Route detail(String path, @Nullable String query) {
        String prefix = "/api/v1/products/";
        if (query != null
                || !path.startsWith(prefix)
                || path.length() == prefix.length()
                || path.length() > prefix.length() + 18) {
            return null;
        }
        for (int i = prefix.length(); i < path.length(); i++) {
            if (!Character.isDigit(path.charAt(i))) {
                return null;
            }
        }
        return new Route(
                PRODUCTS, "/api/v1/products/{id}", CacheKeys.product(Long.parseLong(path.substring(prefix.length()))));
    }

    /** {@code category:C} when the query names exactly one plain numeric category, else {@code all}. */
    static String listTag(@Nullable String query) {
        if (query == null || query.indexOf('%') >= 0 || query.indexOf('+') >= 0) {
            return CacheKeys.ALL;
        }
        @Nullable String found = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("category=")) {
                if (found != null) {
                    return CacheKeys.ALL;
                }
                found = pair.substring("category=".length());
            }
        }
        if (found == null
                || found.isEmpty()
                || found.length() > 18
                || !found.chars().allMatch(Character::isDigit)) {
            return CacheKeys.ALL;
        }
        return CacheKeys.category(Long.parseLong(found));
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

    /** After a bulk load nothing cached about the catalog holds. */
    void catalogReplaced() {
        for (String name : List.of(PRODUCTS, PAGES, POPULAR, CATEGORIES)) {
            cache(name).invalidateAll();
        }
    }

    private TieredCache<?> cache(String name) {
        return caches.responses(name);
    }
}
