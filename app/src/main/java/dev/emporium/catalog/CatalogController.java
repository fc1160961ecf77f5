package dev.emporium.catalog;

import dev.emporium.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public catalog reads. */
@Tag(name = "catalog")
@RestController
@RequestMapping("/api/v1")
class CatalogController {

    private final ProductService products;
    private final CategoryService categories;

    CatalogController(ProductService products, CategoryService categories) {
        this.products = products;
        this.categories = categories;
    }

    @Operation(operationId = "listCategories", summary = "The category tree, roots first")
    @ApiResponse(responseCode = "200", description = "Every category with its children")
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @GetMapping("/categories")
    List<CategoryNode> categories() {
        return categories.tree();
    }

    @Operation(
            operationId = "listProducts",
            summary = "Active products, filtered and sorted, one page at a time",
            description = "`category` includes its descendants. Deep pages follow `nextCursor` (keyset); "
                    + "`offset` stops at 10,000. `total` is exact up to 10,000 matches, else an estimate "
                    + "(`totalExact: false`).")
    @ApiResponse(responseCode = "200", description = "One page of products")
    @ApiResponse(responseCode = "404", description = "No category has this id")
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @GetMapping("/products")
    PageResponse<Product> products(
            @Parameter(description = "A category id; its descendants are included", example = "12")
                    @RequestParam(required = false)
                    Long category,
            @Parameter(
                            description = "Exact brand name",
                            example = "Acme",
                            schema = @Schema(minLength = 1, maxLength = 100))
                    @RequestParam(required = false)
                    String brand,
            @Parameter(
                            description = "Lowest price in minor units, inclusive",
                            example = "1000",
                            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                    @RequestParam(required = false)
                    Long minPrice,
            @Parameter(
                            description = "Highest price in minor units, inclusive, at least minPrice",
                            example = "5000",
                            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                    @RequestParam(required = false)
                    Long maxPrice,
            @Parameter(
                            description = "Order of the list",
                            schema =
                                    @Schema(
                                            allowableValues = {"popularity", "price_asc", "price_desc", "newest"},
                                            defaultValue = "popularity"))
                    @RequestParam(required = false)
                    String sort,
            @Parameter(
                            description = "Page size",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "500",
                                            defaultValue = "50"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(
                            description = "Items to skip; use cursor beyond 10,000",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "0",
                                            maximum = "10000",
                                            defaultValue = "0"))
                    @RequestParam(required = false)
                    Integer offset,
            @Parameter(description = "nextCursor of the previous page (opaque)", schema = @Schema(maxLength = 512))
                    @RequestParam(required = false)
                    String cursor) {
        return products.list(new ProductListParams(category, brand, minPrice, maxPrice, sort, limit, offset, cursor));
    }

    @Operation(operationId = "listPopularProducts", summary = "The most popular active products")
    @ApiResponse(responseCode = "200", description = "The most popular products, most popular first")
    @ApiResponse(responseCode = "404", description = "No category has this id")
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @GetMapping("/products/popular")
    PageResponse<Product> popular(
            @Parameter(
                            description = "How many",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "500",
                                            defaultValue = "20"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(description = "A category id; its descendants are included", example = "12")
                    @RequestParam(required = false)
                    Long category) {
        return products.popular(limit, category);
    }

    @Operation(operationId = "getProduct", summary = "One active product")
    @ApiResponse(responseCode = "200", description = "The product")
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @ApiResponse(responseCode = "404", description = "No active product has this id")
    @GetMapping("/products/{id}")
    Product product(@Parameter(description = "Product id", example = "1") @PathVariable long id) {
        return products.get(id);
    }
}
