package dev.emporium.catalog;

import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Product reads and admin writes.
 *
 * <p>A list request costs a constant number of statements whatever its page size: the page itself,
 * a capped count, and — only when more than {@link ProductQuery#EXACT_COUNT_CAP} rows match — the
 * planner's estimate instead of an exact count ({@code totalExact:false}).
 */
@Service
public class ProductService {

    private final ProductRepository products;
    private final CategoryService categories;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    ProductService(
            ProductRepository products, CategoryService categories, ApplicationEventPublisher events, JsonMapper json) {
        this.products = products;
        this.categories = categories;
        this.events = events;
        this.json = json;
    }

    PageResponse<Product> list(ProductListParams params) {
        ProductFilter filter = toFilter(params);
        List<Product> rows = products.findPage(filter);
        boolean more = rows.size() > filter.limit();
        List<Product> items = more ? rows.subList(0, filter.limit()) : rows;
        String next = null;
        if (more) {
            Product last = items.getLast();
            next = new ProductCursor(filter.sort(), filter.sort().keyOf(last), last.id()).encode();
        }
        Total total = total(filter);
        return new PageResponse<>(
                List.copyOf(items), filter.limit(), filter.offset(), total.value(), total.exact(), next);
    }

    /**
     * The planner's estimate comes first (EXPLAIN, no rows read). Only when it says the match is
     * small is it verified by a count capped at {@link ProductQuery#EXACT_COUNT_CAP}, which then
     * runs on an index; counting a large match, even to the cap, could mean a sequential read.
     */
    private Total total(ProductFilter filter) {
        long estimate = products.estimateCount(filter);
        if (!ProductQuery.worthCountingExactly(estimate)) {
            return new Total(estimate, false);
        }
        long capped = products.countCapped(filter);
        if (capped <= ProductQuery.EXACT_COUNT_CAP) {
            return new Total(capped, true);
        }
        return new Total(Math.max(capped, estimate), false);
    }

    private record Total(long value, boolean exact) {}

    PageResponse<Product> popular(Integer limit, Long category) {
        return list(new ProductListParams(
                category, null, null, null, "popularity", limit == null ? 20 : limit, null, null));
    }

    public Product get(long id) {
        return products.findActive(id).orElseThrow(() -> ApiException.notFound("No product with id " + id));
    }

    @Transactional
    public Product create(NewProduct request) {
        if (!categories.exists(request.categoryId())) {
            throw ApiException.badRequest("categoryId", "no category with id " + request.categoryId());
        }
        String attributes = json.writeValueAsString(request.attributes() == null ? Map.of() : request.attributes());
        long id = products.insert(request, attributes);
        events.publishEvent(new ProductChanged(id, Set.of(request.categoryId())));
        return products.find(id).orElseThrow();
    }

    @Transactional
    public Product update(long id, ProductPatch patch) {
        if (patch.categoryId() != null && !categories.exists(patch.categoryId())) {
            throw ApiException.badRequest("categoryId", "no category with id " + patch.categoryId());
        }
        ProductRepository.Patched patched =
                products.patch(id, patch).orElseThrow(() -> ApiException.notFound("No product with id " + id));
        Set<Long> touched = new LinkedHashSet<>(List.of(patched.categoryBefore(), patched.categoryAfter()));
        events.publishEvent(new ProductChanged(id, touched, patched.listsAffected()));
        return products.find(id).orElseThrow();
    }

    private ProductFilter toFilter(ProductListParams p) {
        ProductSort sort = ProductSort.parse(p.sort());
        int limit = Limits.limit(p.limit());
        int offset = Limits.offset(p.offset());
        if (p.minPrice() != null && p.minPrice() < 0) {
            throw ApiException.badRequest("minPrice", "must not be negative");
        }
        if (p.maxPrice() != null && p.maxPrice() < 0) {
            throw ApiException.badRequest("maxPrice", "must not be negative");
        }
        if (p.minPrice() != null && p.maxPrice() != null && p.minPrice() > p.maxPrice()) {
            throw ApiException.badRequest("minPrice", "must not exceed maxPrice");
        }
        if (p.brand() != null && (p.brand().isBlank() || p.brand().length() > 100)) {
            throw ApiException.badRequest("brand", "must be 1 to 100 characters");
        }
        long[] categoryIds = null;
        if (p.category() != null) {
            CategoryTree tree = categories.current();
            if (!tree.contains(p.category())) {
                throw ApiException.notFound("No category with id " + p.category());
            }
            categoryIds = tree.subtree(p.category());
        }
        ProductCursor cursor = null;
        if (p.cursor() != null) {
            if (offset != 0) {
                throw ApiException.badRequest("offset", "must be 0 when a cursor is given");
            }
            cursor = ProductCursor.decode(p.cursor(), sort);
        }
        return new ProductFilter(categoryIds, p.brand(), p.minPrice(), p.maxPrice(), sort, limit, offset, cursor);
    }
}
