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
 * Claim the idempotency key, reserving the order's id in the same statement (a replay answers the
 * stored order and stops); read the wallet through its cache (a miss after the customer's previous
 * payment); price every line at its product's current terms (a plain read, 400 for a product not on
 * sale); write the order and its lines in one statement; charge the wallet through the ledger in one
 * statement (422 on insufficient funds), to the revenue shard of this order so concurrent checkouts
 * do not queue on one revenue row (ADR 0017); take the stock of every line in one conditional
 * statement (409 naming every short product). At most six statements as the request's statement
 * count sees them, whatever the number of lines (tested), and any failure rolls all of them back.
 *
 * <p>The stock is taken last because the product rows are the contended ones: with a skewed product
 * mix every checkout that buys the most popular product queues on its row, and a lock taken in the
 * last statement is held only until the commit (ADR 0021). The take re-reads each price under its
 * lock; if one changed since the order was priced, the whole checkout runs again with the new prices
 * ({@link #PRICING_ATTEMPTS}).
 *
 * <h2>Cancel and ship</h2>
 * Both are a conditional update of the order row ({@code ... where status = 'PLACED'}); the row lock
 * makes the second of two concurrent transitions wait for the first and then find the status moved
 * on. Cancelling again answers the cancelled order (idempotent); cancelling a shipped order, or
 * shipping a cancelled one, is 409.
 */
@Service
class OrderService {

    /** Checkouts run again, whole, when a price changes under them; after this many, 409. */
    static final int PRICING_ATTEMPTS = 3;

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
        for (int attempt = 1; ; attempt++) {
            try {
                return retry.run(() -> Objects.requireNonNull(
                        transactions.execute(tx -> placeOnce(customerId, idempotencyKey, fingerprint, lines))));
            } catch (StockService.PriceMoved e) {
                if (attempt >= PRICING_ATTEMPTS) {
                    throw conflict(
                            "Prices changed while the order was placed; nothing was charged, please try again",
                            "prices_changed");
                }
            }
        }
    }

    /** One attempt at a checkout, in the order the class comment gives. */
    private Placed placeOnce(
            long customerId, String idempotencyKey, byte[] fingerprint, List<StockService.Quantity> lines) {
        IdempotencyKeys.Claim claim =
                keys.claimReserving(customerId, idempotencyKey, fingerprint, OrderRepository.ID_SEQUENCE);
        if (claim.replayed()) {
            return new Placed(orders.detail(claim.id(), customerId).orElseThrow(), true);
        }
        long orderId = claim.id();
        String walletCurrency = wallets.wallet(customerId).currency();
        List<StockService.Priced> priced = stock.price(lines);
        long total = 0;
        long[] productIds = new long[priced.size()];
        int[] quantities = new int[priced.size()];
        long[] prices = new long[priced.size()];
        List<OrderLine> items = new ArrayList<>(priced.size());
        for (int i = 0; i < priced.size(); i++) {
            StockService.Priced line = priced.get(i);
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
                orders.insert(orderId, customerId, total, walletCurrency, productIds, quantities, prices);
        wallets.chargeOrder(customerId, orderId, total);
        stock.take(priced);
        return new Placed(
                new Order(
                        orderId,
                        customerId,
                        OrderStatus.PLACED,
                        total,
                        walletCurrency,
                        List.copyOf(items),
                        inserted.createdAt(),
                        inserted.createdAt()),
                false);
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
            // money before stock, as in a checkout: both lock wallets before products, so they never deadlock
            wallets.refundOrder(customerId, orderId, cancelled.getAsLong());
            stock.putBack(orders.quantities(orderId).stream()
                    .map(q -> new StockService.Quantity(q.productId(), q.quantity()))
                    .toList());
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
