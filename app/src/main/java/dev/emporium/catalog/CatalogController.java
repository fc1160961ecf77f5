package dev.emporium.catalog;

import dev.emporium.platform.web.PageResponse;
import dev.emporium.platform.web.SingleParameters;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public catalog reads. */
@RestController
@RequestMapping("/api/v1")
class CatalogController {

    private final ProductService products;
    private final CategoryService categories;

    CatalogController(ProductService products, CategoryService categories) {
        this.products = products;
        this.categories = categories;
    }

    @GetMapping("/categories")
    List<CategoryNode> categories() {
        return categories.tree();
    }

    @GetMapping("/products")
    PageResponse<Product> products(
            @RequestParam(required = false) Long category,
            @RequestParam(required = false) String brand,
            @RequestParam(required = false) Long minPrice,
            @RequestParam(required = false) Long maxPrice,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset,
            @RequestParam(required = false) String cursor,
            HttpServletRequest request) {
        SingleParameters.require(request, ListQueryKey.PRODUCTS.toArray(String[]::new));
        return products.list(new ProductListParams(category, brand, minPrice, maxPrice, sort, limit, offset, cursor));
    }

    @GetMapping("/products/popular")
    PageResponse<Product> popular(
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Long category,
            HttpServletRequest request) {
        SingleParameters.require(request, ListQueryKey.POPULAR.toArray(String[]::new));
        return products.popular(limit, category);
    }

    @GetMapping("/products/{id}")
    Product product(@PathVariable long id) {
        return products.get(id);
    }
}
