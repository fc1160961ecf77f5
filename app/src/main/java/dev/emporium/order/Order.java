package dev.emporium.order;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** An order with its lines, as the API shows it. Money in minor units of {@code currency}. */
@Schema(name = "Order")
record Order(
        long id,
        long customerId,
        OrderStatus status,
        long total,
        String currency,
        List<OrderLine> items,
        Instant createdAt,
        Instant updatedAt) {

    Order withItems(List<OrderLine> lines) {
        return new Order(id, customerId, status, total, currency, List.copyOf(lines), createdAt, updatedAt);
    }
}
