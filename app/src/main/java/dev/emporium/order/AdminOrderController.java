package dev.emporium.order;

import dev.emporium.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** ADMIN order operations; the role check is the security chain's, on /api/v1/admin/**. */
@RestController
@RequestMapping("/api/v1/admin/orders")
@Tag(name = "orders-admin")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "401", description = "no or invalid bearer token")
@ApiResponse(responseCode = "403", description = "the caller is not an ADMIN")
class AdminOrderController {

    private final OrderService orders;
    private final OrderHistory history;
    private final OrderExport export;

    AdminOrderController(OrderService orders, OrderHistory history, OrderExport export) {
        this.orders = orders;
        this.history = history;
        this.export = export;
    }

    @GetMapping
    @Operation(
            operationId = "adminListOrders",
            summary = "Every customer's orders, newest first, with their lines",
            description = "Filters: status, customerId, creation range [from, to). Keyset pagination by nextCursor; "
                    + "total is exact up to 10,000.",
            responses = {
                @ApiResponse(responseCode = "200", description = "a page of orders"),
                @ApiResponse(responseCode = "400", description = "bad limit, cursor, status, customer or date")
            })
    PageResponse<Order> list(
            @Parameter(schema = @Schema(allowableValues = {"PLACED", "SHIPPED", "CANCELLED"}))
                    @RequestParam(required = false)
                    @Nullable
                    String status,
            @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1"))
                    @RequestParam(required = false)
                    @Nullable
                    Long customerId,
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
        return history.page(OrderFilter.parse(customerId, status, from, to, cursor, limit));
    }

    @GetMapping("/export")
    @Operation(
            operationId = "exportOrders",
            summary = "Stream every order of a range as CSV, or NDJSON when Accept asks for application/x-ndjson",
            description = "Oldest first, one order per line, its lines as productId:quantity:unitPrice words (CSV) or "
                    + "an items array (NDJSON). Streamed through a database cursor in constant memory whatever the "
                    + "range.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "the orders",
                        content = {
                            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"))
                        }),
                @ApiResponse(responseCode = "400", description = "bad status or date")
            })
    void export(
            @Parameter(description = "created at or after (ISO 8601)", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    @Nullable
                    String from,
            @Parameter(description = "created before (ISO 8601)", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    @Nullable
                    String to,
            @Parameter(schema = @Schema(allowableValues = {"PLACED", "SHIPPED", "CANCELLED"}))
                    @RequestParam(required = false)
                    @Nullable
                    String status,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
            HttpServletResponse response)
            throws IOException {
        OrderFilter filter = OrderFilter.parse(null, status, from, to, null, null);
        OrderExport.Format format = accept != null && accept.contains(OrderExport.Format.NDJSON.mediaType)
                ? OrderExport.Format.NDJSON
                : OrderExport.Format.CSV;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(format.mediaType + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        export.write(filter, format, response.getOutputStream());
    }

    @PostMapping("/{id}/ship")
    @Operation(
            operationId = "shipOrder",
            summary = "Mark a placed order shipped",
            description = "Idempotent: shipping a shipped order answers it unchanged. A cancelled order cannot ship.",
            responses = {
                @ApiResponse(responseCode = "200", description = "the shipped order"),
                @ApiResponse(responseCode = "404", description = "no such order"),
                @ApiResponse(responseCode = "409", description = "the order was cancelled (code order_cancelled)")
            })
    Order ship(@Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1")) @PathVariable long id) {
        return orders.ship(id);
    }
}
