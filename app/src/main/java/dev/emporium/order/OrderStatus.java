package dev.emporium.order;

/** Where an order is: {@code PLACED} (paid, stock taken) → {@code SHIPPED} or {@code CANCELLED} (refunded, restocked). */
enum OrderStatus {
    PLACED,
    SHIPPED,
    CANCELLED
}
