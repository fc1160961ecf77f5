package dev.emporium.order;

import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.PageResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Order reads. A page costs three statements whatever its length or the number of lines: the
 * orders, their lines in one batch (never one query per order), and a count capped at
 * {@link #EXACT_COUNT_CAP} ({@code totalExact:false} beyond it). A detail is one statement.
 */
@Service
class OrderHistory {

    /** Totals are exact up to this many orders; beyond it the cap is reported with {@code totalExact: false}. */
    static final int EXACT_COUNT_CAP = 10_000;

    private final OrderRepository orders;

    OrderHistory(OrderRepository orders) {
        this.orders = orders;
    }

    Order detail(long id, long customerId) {
        return orders.detail(id, customerId).orElseThrow(() -> ApiException.notFound("No order with id " + id));
    }

    PageResponse<Order> page(OrderFilter filter) {
        List<Order> rows = orders.page(filter, filter.limit() + 1);
        String next = null;
        if (rows.size() > filter.limit()) {
            rows = rows.subList(0, filter.limit());
            Order last = rows.getLast();
            next = new OrderCursor(last.createdAt(), last.id()).encode();
        }
        Map<Long, List<OrderLine>> lines =
                orders.linesOf(rows.stream().map(Order::id).toList());
        List<Order> items = rows.stream()
                .map(o -> o.withItems(lines.getOrDefault(o.id(), List.of())))
                .toList();
        long counted = orders.countCapped(filter, EXACT_COUNT_CAP);
        boolean exact = counted <= EXACT_COUNT_CAP;
        return new PageResponse<>(items, filter.limit(), 0, Math.min(counted, EXACT_COUNT_CAP), exact, next);
    }
}
