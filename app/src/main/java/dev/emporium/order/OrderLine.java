package dev.emporium.order;

import io.swagger.v3.oas.annotations.media.Schema;

/** One line of an order: the product's name as it is now, the unit price as it was paid. */
@Schema(name = "OrderLine")
record OrderLine(long productId, String name, int quantity, long unitPrice, long lineTotal) {

    OrderLine(long productId, String name, int quantity, long unitPrice) {
        this(productId, name, quantity, unitPrice, unitPrice * quantity);
    }
}
