package dev.emporium.order;

import dev.emporium.platform.web.PageResponse;
import dev.emporium.wallet.IdempotencyKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own orders. The customer comes from the verified token, never from the request. */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "orders")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "401", description = "no or invalid bearer token")
class OrderController {

    private final OrderService orders;
    private final OrderHistory history;

    OrderController(OrderService orders, OrderHistory history) {
        this.orders = orders;
        this.history = history;
    }

    @PostMapping
    @Operation(
            operationId = "placeOrder",
            summary = "Buy products with the money in the caller's wallet",
            description = "One transaction: stock for every line is taken (never below zero), the total is computed "
                    + "from current prices, the wallet is debited through the ledger, the order is written. Not enough "
                    + "stock → 409 naming the products (shortages); not enough money → 422 insufficient_funds; either "
                    + "way nothing changes. Requires an Idempotency-Key: the same key and body answer the first order "
                    + "again (Idempotent-Replayed: true), a different body gets 422.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "the order (also for a replay)",
                        headers = @Header(name = "Idempotent-Replayed", schema = @Schema(type = "boolean"))),
                @ApiResponse(
                        responseCode = "400",
                        description = "no lines, a product twice, a bad quantity, an unknown or inactive product, or a "
                                + "bad Idempotency-Key; nothing changed"),
                @ApiResponse(responseCode = "404", description = "the caller has no wallet"),
                @ApiResponse(
                        responseCode = "409",
                        description = "not enough stock (code insufficient_stock; shortages names every product), or "
                                + "prices kept changing while the order was placed (code prices_changed); nothing "
                                + "changed, and the second may simply be retried"),
                @ApiResponse(
                        responseCode = "422",
                        description = "insufficient funds, a currency the wallet does not hold, or the key was used "
                                + "with a different request")
            })
    // The key is read from the request, not bound with @RequestHeader, which converts the value and compares
    // the parameter's annotations on every call (see WalletController#send); it is documented here.
    @Parameter(
            in = ParameterIn.HEADER,
            name = IdempotencyKeys.HEADER,
            required = true,
            schema = @Schema(type = "string", minLength = 8, maxLength = 128, pattern = IdempotencyKeys.SYNTAX))
    ResponseEntity<Order> place(
            @AuthenticationPrincipal Jwt token, HttpServletRequest request, @RequestBody OrderRequests.NewOrder body) {
        @Nullable String key = request.getHeader(IdempotencyKeys.HEADER);
        OrderService.Placed placed = orders.place(owner(token), body, key);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(placed.replayed()))
                .body(placed.order());
    }

    @GetMapping
    @Operation(
            operationId = "listOrders",
            summary = "The caller's orders, newest first, with their lines",
            description = "Keyset pagination: pass nextCursor as cursor. Optional status and creation range "
                    + "[from, to). total is exact up to 10,000 orders. Three statements whatever the page size.",
            responses = {
                @ApiResponse(responseCode = "200", description = "a page of orders"),
                @ApiResponse(responseCode = "400", description = "bad limit, cursor, status or date")
            })
    PageResponse<Order> list(
            @AuthenticationPrincipal Jwt token,
            @Parameter(schema = @Schema(allowableValues = {"PLACED", "SHIPPED", "CANCELLED"}))
                    @RequestParam(required = false)
                    @Nullable
                    String status,
            @Parameter(description = "created at or after (ISO 8601)", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    @Nullable
                    String from,
            @Parameter(description = "created before (ISO 8601)", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    @Nullable
                    String to,
            @Parameter(description = "nextCursor of the previous page", schema = @Schema(pattern = OrderCursor.SYNTAX))
                    @RequestParam(required = false)
                    @Nullable
                    String cursor,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(required = false)
                    @Nullable
                    Integer limit) {
        return history.page(OrderFilter.parse(owner(token), status, from, to, cursor, limit));
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getOrder",
            summary = "One of the caller's orders with its lines and product names",
            description = "One statement whatever the number of lines.",
            responses = {
                @ApiResponse(responseCode = "200", description = "the order"),
                @ApiResponse(responseCode = "404", description = "no such order, or not the caller's")
            })
    Order get(
            @AuthenticationPrincipal Jwt token,
            @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1")) @PathVariable long id) {
        return history.detail(id, owner(token));
    }

    @PostMapping("/{id}/cancel")
    @Operation(
            operationId = "cancelOrder",
            summary = "Cancel an order that has not shipped: stock back, money back",
            description = "Idempotent: cancelling a cancelled order answers it unchanged. The refund goes through "
                    + "the ledger in the same transaction as the restock.",
            responses = {
                @ApiResponse(responseCode = "200", description = "the cancelled order"),
                @ApiResponse(responseCode = "404", description = "no such order, or not the caller's"),
                @ApiResponse(responseCode = "409", description = "the order has shipped (code order_shipped)")
            })
    Order cancel(
            @AuthenticationPrincipal Jwt token,
            @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1")) @PathVariable long id) {
        return orders.cancel(owner(token), id);
    }

    static long owner(Jwt token) {
        return Long.parseLong(token.getSubject());
    }
}
