package dev.emporium.supply;

import dev.emporium.platform.web.PageResponse;
import dev.emporium.wallet.IdempotencyKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Deliveries: record one, import many, list them. ADMIN only (the security chain's rule for /api/v1/admin/**). */
@Tag(name = "supply-admin")
@RestController
@RequestMapping("/api/v1/admin/supply/deliveries")
class DeliveryController {

    private final DeliveryService deliveries;

    DeliveryController(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @Operation(
            operationId = "createDelivery",
            summary = "Record a delivery and add its quantity to the product's stock",
            description = "One transaction: the delivery and the stock increase commit together. The product's cached "
                    + "detail is invalidated when it commits; list pages are not (stock in a list is a bounded-staleness "
                    + "hint). Requires an Idempotency-Key (scoped to the calling admin, the wallet's key store): the same "
                    + "key and body answer the first delivery again (Idempotent-Replayed: true) and add no stock, a "
                    + "different body gets 422 idempotency_key_reused.")
    @ApiResponse(
            responseCode = "201",
            description = "Recorded (also for a replay); Location names the delivery",
            headers = @Header(name = "Idempotent-Replayed", schema = @Schema(type = "boolean")))
    @ApiResponse(
            responseCode = "400",
            description = "A bad field, an unknown supplier or product, or a missing or malformed Idempotency-Key")
    @ApiResponse(
            responseCode = "422",
            description = "The supplier is inactive (code supplier_inactive), or the key was used with a different "
                    + "request (code idempotency_key_reused)")
    @PostMapping
    ResponseEntity<Delivery> create(
            @AuthenticationPrincipal Jwt token,
            @Parameter(
                            in = ParameterIn.HEADER,
                            name = IdempotencyKeys.HEADER,
                            required = true,
                            schema =
                                    @Schema(
                                            type = "string",
                                            minLength = 8,
                                            maxLength = 128,
                                            pattern = IdempotencyKeys.SYNTAX))
                    @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
                    @Nullable
                    String key,
            @Valid @RequestBody NewDelivery request) {
        DeliveryService.Recorded recorded = deliveries.create(Long.parseLong(token.getSubject()), request, key);
        var location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(recorded.delivery().id())
                .toUri();
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(location)
                .header("Idempotent-Replayed", Boolean.toString(recorded.replayed()))
                .body(recorded.delivery());
    }

    @Operation(
            operationId = "importDeliveries",
            summary = "Import deliveries from CSV, all or nothing",
            description = "Header supplier_id,product_id,quantity,unit_cost[,received_at], then one delivery per line "
                    + "(at most " + DeliveryCsv.MAX_LINES + "). Every line is validated first; any invalid line makes "
                    + "the answer a 400 whose errors name each bad line (\"line 3\": what is wrong) and nothing is written. "
                    + "A valid file is written in one transaction that also adds the stock.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = DeliveryCsv.MEDIA_TYPE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "201", description = "Every line was imported")
    @PostMapping(path = "/import", consumes = DeliveryCsv.MEDIA_TYPE)
    ResponseEntity<DeliveryImport> importCsv(@RequestBody String body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(deliveries.importCsv(body));
    }

    @Operation(operationId = "listDeliveries", summary = "Deliveries, newest first, keyset-paginated")
    @ApiResponse(responseCode = "200", description = "A page of deliveries")
    @GetMapping
    PageResponse<Delivery> list(
            @Parameter(description = "Only this supplier's deliveries") @RequestParam(required = false) Long supplierId,
            @Parameter(description = "Only deliveries of this product") @RequestParam(required = false) Long productId,
            @Parameter(
                            description = "Received at or after: an ISO-8601 instant, or a date (its start in UTC)",
                            example = "2026-11-01")
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "Received before this instant, or up to the end of this date (UTC)",
                            example = "2026-11-30")
                    @RequestParam(required = false)
                    String to,
            @Parameter(description = "Page size", schema = @Schema(minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page (same filters)") @RequestParam(required = false)
                    String cursor) {
        return deliveries.list(supplierId, productId, from, to, limit, cursor);
    }

    @Operation(operationId = "getDelivery", summary = "One delivery")
    @ApiResponse(responseCode = "200", description = "The delivery")
    @ApiResponse(responseCode = "404", description = "No delivery has this id")
    @GetMapping("/{id}")
    Delivery get(@Parameter(description = "Delivery id", example = "1") @PathVariable long id) {
        return deliveries.get(id);
    }
}
