package dev.emporium.order;

import dev.emporium.catalog.StockService;
import dev.emporium.platform.web.ApiException;
import dev.emporium.wallet.IdempotencyKeys;
import dev.emporium.wallet.MoneyWriteRetry;
import dev.emporium.wallet.WalletService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkout, cancellation and shipping: each one transaction, run again as a whole on a deadlock or
 * serialization failure ({@link MoneyWriteRetry}).
 *
 * <h2>Placing an order, statement by statement</h2>
 * Claim the idempotency key (a replay answers the stored order and stops); read the wallet through
 * its cache (a miss after the customer's previous payment); take the stock of every line in one
 * conditional statement (409 naming every short product); write the order and its lines in one
 * statement; charge the wallet through the ledger in one statement (422 on insufficient funds), to the
 * revenue shard of this order so concurrent checkouts do not queue on one revenue row (ADR 0017);
 * complete the key. At most eight statements as the request's statement count sees them, whatever the
 * number of lines (tested), and any failure rolls all of them back.
 *
 * <h2>Cancel and ship</h2>
 * Both are a conditional update of the order row ({@code ... where status = 'PLACED'}); the row lock
 * makes the second of two concurrent transitions wait for the first and then find the status moved
 * on. Cancelling again answers the cancelled order (idempotent); cancelling a shipped order, or
 * shipping a cancelled one, is 409.
 */
@Service
class OrderService {

    private final OrderRepository orders;
    private final StockService stock;
    private final WalletService wallets;
    private final IdempotencyKeys keys;
    private final MoneyWriteRetry retry;
    private final OrderProperties properties;
    private final TransactionTemplate transactions;

    OrderService(
            OrderRepository orders,
            StockService stock,
            WalletService wallets,
            IdempotencyKeys keys,
            MoneyWriteRetry retry,
            OrderProperties properties,
            PlatformTransactionManager transactionManager) {
        this.orders = orders;
        this.stock = stock;
        this.wallets = wallets;
        this.keys = keys;
        this.retry = retry;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** An order and whether it answers an earlier request with the same key. */
    record Placed(Order order, boolean replayed) {}

    Placed place(long customerId, OrderRequests.@Nullable NewOrder body, @Nullable String key) {
        String idempotencyKey = IdempotencyKeys.requireKey(key);
        List<StockService.Quantity> lines = validate(body);
        Object[] fields =
                lines.stream().map(l -> l.productId() + "x" + l.quantity()).toArray();
        byte[] fingerprint = IdempotencyKeys.fingerprint("order", fields);
        return retry.run(() -> Objects.requireNonNull(transactions.execute(tx -> {
            OptionalLong earlier = keys.claim(customerId, idempotencyKey, fingerprint);
            if (earlier.isPresent()) {
                return new Placed(orders.detail(earlier.getAsLong(), customerId).orElseThrow(), true);
            }
            String walletCurrency = wallets.wallet(customerId).currency();
            List<StockService.Taken> taken = stock.take(lines);
            long total = 0;
            long[] productIds = new long[taken.size()];
            int[] quantities = new int[taken.size()];
            long[] prices = new long[taken.size()];
            List<OrderLine> items = new ArrayList<>(taken.size());
            for (int i = 0; i < taken.size(); i++) {
                StockService.Taken line = taken.get(i);
                if (!line.currency().equals(walletCurrency)) {
                    throw ApiException.unprocessable(
                            line.name() + " is priced in " + line.currency() + ", your wallet holds " + walletCurrency,
                            Map.of(
                                    "code",
                                    "currency_mismatch",
                                    "fromCurrency",
                                    walletCurrency,
                                    "toCurrency",
                                    line.currency()));
                }
                total = Math.addExact(total, Math.multiplyExact(line.unitPrice(), (long) line.quantity()));
                productIds[i] = line.productId();
                quantities[i] = line.quantity();
                prices[i] = line.unitPrice();
                items.add(new OrderLine(line.productId(), line.name(), line.quantity(), line.unitPrice()));
            }
            if (total <= 0) {
                throw ApiException.unprocessable(
                        "These products cost nothing; there is nothing to pay", Map.of("code", "zero_total"));
            }
            OrderRepository.Inserted inserted =
                    orders.insert(customerId, total, walletCurrency, productIds, quantities, prices);
            wallets.chargeOrder(customerId, inserted.id(), total);
            keys.complete(customerId, idempotencyKey, inserted.id());
            return new Placed(
                    new Order(
                            inserted.id(),
                            customerId,
                            OrderStatus.PLACED,
                            total,
                            walletCurrency,
                            List.copyOf(items),
                            inserted.createdAt(),
                            inserted.createdAt()),
                    false);
        })));
    }

    /** Cancels a placed order of this customer: stock back, money back. Idempotent; 409 once shipped. */
    Order cancel(long customerId, long orderId) {
        return retry.run(() -> Objects.requireNonNull(transactions.execute(tx -> {
            OptionalLong cancelled = orders.cancel(orderId, customerId).stream()
                    .mapToLong(Long::longValue)
                    .findFirst();
            if (cancelled.isEmpty()) {
                Order order = orders.detail(orderId, customerId)
                        .orElseThrow(() -> ApiException.notFound("No order with id " + orderId));
                if (order.status() == OrderStatus.SHIPPED) {
                    throw conflict("Order " + orderId + " has shipped and can no longer be cancelled", "order_shipped");
                }
                return order;
            }
            stock.putBack(orders.quantities(orderId).stream()
                    .map(q -> new StockService.Quantity(q.productId(), q.quantity()))
                    .toList());
            wallets.refundOrder(customerId, orderId, cancelled.getAsLong());
            return orders.detail(orderId, customerId).orElseThrow();
        })));
    }

    /** Marks a placed order shipped. Idempotent; 409 once cancelled. */
    Order ship(long orderId) {
        return retry.run(() -> Objects.requireNonNull(transactions.execute(tx -> {
            boolean shipped = orders.ship(orderId).isPresent();
            Order order = orders.detail(orderId, null)
                    .orElseThrow(() -> ApiException.notFound("No order with id " + orderId));
            if (!shipped && order.status() == OrderStatus.CANCELLED) {
                throw conflict("Order " + orderId + " was cancelled and cannot ship", "order_cancelled");
            }
            return order;
        })));
    }

    private List<StockService.Quantity> validate(OrderRequests.@Nullable NewOrder body) {
        if (body == null || body.items() == null || body.items().isEmpty()) {
            throw ApiException.badRequest("items", "must contain at least one line");
        }
        List<OrderRequests.@Nullable NewOrderItem> items = body.items();
        if (items.size() > properties.maxLines()) {
            throw ApiException.badRequest("items", "must have at most " + properties.maxLines() + " lines");
        }
        List<StockService.Quantity> lines = new ArrayList<>(items.size());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            OrderRequests.NewOrderItem item = items.get(i);
            String at = "items[" + i + "]";
            if (item == null) {
                throw ApiException.badRequest(at, "must be an object with productId and quantity");
            }
            Long productId = item.productId();
            Integer quantity = item.quantity();
            if (productId == null || productId <= 0) {
                throw ApiException.badRequest(at + ".productId", "must be a positive product id");
            }
            if (quantity == null || quantity <= 0 || quantity > properties.maxQuantity()) {
                throw ApiException.badRequest(at + ".quantity", "must be between 1 and " + properties.maxQuantity());
            }
            if (!seen.add(productId)) {
                throw ApiException.badRequest(
                        at + ".productId", "product " + productId + " appears twice; put its quantity on one line");
            }
            lines.add(new StockService.Quantity(productId, quantity));
        }
        return lines;
    }

    private static ApiException conflict(String detail, String code) {
        return new ApiException(
                org.springframework.http.HttpStatus.CONFLICT, "Conflict", detail, Map.of(), Map.of("code", code));
    }
}
