package dev.emporium.catalog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Product writes; the security chain admits only ADMIN to {@code /api/v1/admin/**}. */
@Tag(name = "catalog-admin")
@RestController
@RequestMapping("/api/v1/admin/products")
class AdminProductController {

    private final ProductService products;

    AdminProductController(ProductService products) {
        this.products = products;
    }

    @Operation(operationId = "createProduct", summary = "Create a product")
    @ApiResponse(responseCode = "201", description = "Created; Location names the product")
    @ApiResponse(responseCode = "409", description = "The SKU exists already")
    @PostMapping
    ResponseEntity<Product> create(@Valid @RequestBody NewProduct request) {
        Product created = products.create(request);
        var location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/products/{id}")
                .buildAndExpand(created.id())
                .toUri();
        return ResponseEntity.status(HttpStatus.CREATED).location(location).body(created);
    }

    @Operation(operationId = "updateProduct", summary = "Change a product's price, stock, name, category or activity")
    @ApiResponse(responseCode = "200", description = "The product as changed")
    @ApiResponse(responseCode = "404", description = "No product has this id")
    @ApiResponse(responseCode = "409", description = "The change conflicts with existing data")
    @PatchMapping("/{id}")
    Product update(
            @Parameter(description = "Product id", example = "1") @PathVariable long id,
            @Valid @RequestBody ProductPatch patch) {
        return products.update(id, patch);
    }
}
