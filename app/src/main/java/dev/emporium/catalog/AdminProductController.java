package dev.emporium.catalog;

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
@RestController
@RequestMapping("/api/v1/admin/products")
class AdminProductController {

    private final ProductService products;

    AdminProductController(ProductService products) {
        this.products = products;
    }

    @PostMapping
    ResponseEntity<Product> create(@Valid @RequestBody NewProduct request) {
        Product created = products.create(request);
        var location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/products/{id}")
                .buildAndExpand(created.id())
                .toUri();
        return ResponseEntity.status(HttpStatus.CREATED).location(location).body(created);
    }

    @PatchMapping("/{id}")
    Product update(@PathVariable long id, @Valid @RequestBody ProductPatch patch) {
        return products.update(id, patch);
    }
}
