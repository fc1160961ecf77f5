package dev.emporium.supply;

import dev.emporium.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Supplier administration; the security chain admits only ADMIN to {@code /api/v1/admin/**}. */
@Tag(name = "supply-admin")
@RestController
@RequestMapping("/api/v1/admin/supply/suppliers")
class SupplierController {

    private final SupplierService suppliers;

    SupplierController(SupplierService suppliers) {
        this.suppliers = suppliers;
    }

    @Operation(operationId = "createSupplier", summary = "Create a supplier and open its ledger account")
    @ApiResponse(responseCode = "201", description = "Created; Location names the supplier")
    @ApiResponse(responseCode = "409", description = "A supplier with that name (ignoring case) exists")
    @PostMapping
    ResponseEntity<Supplier> create(@Valid @RequestBody SupplierRequests.NewSupplier request) {
        Supplier created = suppliers.create(request);
        var location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(created.id())
                .toUri();
        return ResponseEntity.status(HttpStatus.CREATED).location(location).body(created);
    }

    @Operation(operationId = "listSuppliers", summary = "Suppliers by id, keyset-paginated")
    @ApiResponse(responseCode = "200", description = "A page of suppliers")
    @GetMapping
    PageResponse<Supplier> list(
            @Parameter(description = "Page size", schema = @Schema(minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(description = "Only active (true) or inactive (false) suppliers") @RequestParam(required = false)
                    Boolean active) {
        return suppliers.list(limit, cursor, active);
    }

    @Operation(operationId = "getSupplier", summary = "One supplier")
    @ApiResponse(responseCode = "200", description = "The supplier")
    @ApiResponse(responseCode = "404", description = "No supplier has this id")
    @GetMapping("/{id}")
    Supplier get(@Parameter(description = "Supplier id", example = "1") @PathVariable long id) {
        return suppliers.get(id);
    }

    @Operation(operationId = "updateSupplier", summary = "Rename, change the contact email, activate or deactivate")
    @ApiResponse(responseCode = "200", description = "The supplier as changed")
    @ApiResponse(responseCode = "404", description = "No supplier has this id")
    @ApiResponse(responseCode = "409", description = "Another supplier has that name")
    @PatchMapping("/{id}")
    Supplier update(
            @Parameter(description = "Supplier id", example = "1") @PathVariable long id,
            @Valid @RequestBody SupplierRequests.SupplierChange change) {
        return suppliers.update(id, change);
    }

    @Operation(
            operationId = "deactivateSupplier",
            summary = "Deactivate a supplier",
            description = "Suppliers are never deleted: their deliveries and ledger account are history. An inactive "
                    + "supplier cannot deliver; it can still be paid, and PATCH active=true brings it back.")
    @ApiResponse(responseCode = "204", description = "Deactivated (also when it was inactive already)")
    @ApiResponse(responseCode = "404", description = "No supplier has this id")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> deactivate(@Parameter(description = "Supplier id", example = "1") @PathVariable long id) {
        suppliers.update(id, new SupplierRequests.SupplierChange(null, null, false));
        return ResponseEntity.noContent().build();
    }
}
