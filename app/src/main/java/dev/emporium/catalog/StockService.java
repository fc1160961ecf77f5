package dev.emporium.catalog;

import dev.emporium.platform.web.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock taken by orders and put back by cancellations: the catalog's public API for the orders
 * feature. All run inside the caller's transaction (propagation {@code MANDATORY}), so stock moves
 * exactly when the order and its payment commit.
 *
 * <p>Each is one statement whatever the number of lines ({@link StockRepository}). An order is first
 * priced ({@link #price}, a plain read) and its stock taken at the end of its transaction ({@link
 * #take}): rows are locked in id order (no deadlock between orders), the take is conditional (stock
 * never below zero, never sold twice) and checks under the lock that the prices still hold. Taking
 * last keeps the lock on a popular product as short as the commit allows: every checkout that buys
 * it queues on that one row (ADR 0021).
 *
 * <p>Cache: each product whose stock moved publishes {@link ProductChanged} with
 * {@code listsAffected = false}, so after commit only that product's own detail entry is dropped.
 * Order traffic therefore never invalidates a list page; stock in a cached list is the bounded-staleness
 * hint described in {@link CatalogCaches} (ADR 0011, docs/adr).
 */
@Service
public class StockService {

    /** A quantity of one product. */
    public record Quantity(long productId, int quantity) {}

    /** A line priced at its product's current price, before its stock is taken ({@link #price}). */
    public record Priced(long productId, String name, long unitPrice, String currency, int quantity) {}

    /** One line that could not be had: what was asked for and what there was. */
    public record Shortage(long productId, String name, int requested, int available) {}

    /**
     * A product's price or currency changed between {@link #price} and {@link #take}: the order was
     * priced at terms that no longer hold. The caller rolls back and prices the order again.
     */
    public static final class PriceMoved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PriceMoved(long productId) {
            super("the price of product " + productId + " changed while the order was placed", null, false, false);
        }
    }

    private final StockRepository stock;
    private final ApplicationEventPublisher events;

    StockService(StockRepository stock, ApplicationEventPublisher events) {
        this.stock = stock;
        this.events = events;
    }

    /**
     * Prices every line at its product's current terms without locking anything: an unknown or
     * inactive product → 400 naming the line. The order is charged at these prices, and {@link #take}
     * checks them again under the rows' locks.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Priced> price(List<Quantity> lines) {
        long[] ids = lines.stream().mapToLong(Quantity::productId).toArray();
        Map<Long, StockRepository.Price> found = new HashMap<>();
        for (StockRepository.Price row : stock.prices(ids)) {
            found.put(row.productId(), row);
        }
        List<Priced> priced = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Quantity line = lines.get(i);
            StockRepository.Price row = found.get(line.productId());
            if (row == null || !row.active()) {
                throw notOnSale(i, line.productId());
            }
            priced.add(new Priced(row.productId(), row.name(), row.price(), row.currency(), line.quantity()));
        }
        return List.copyOf(priced);
    }

    /**
     * Takes every priced line's quantity, or nothing: too little stock for any line → 409 naming every
     * short product ({@code shortages} member); a product deactivated since it was priced → 400 naming
     * the line; a price or currency changed since → {@link PriceMoved}. Each rolls the caller's
     * transaction back, with the lines already taken. Locks the products, so the caller runs it as the
     * last statement of its transaction: a popular product's row is then held only until the commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void take(List<Priced> lines) {
        long[] ids = lines.stream().mapToLong(Priced::productId).toArray();
        int[] quantities = lines.stream().mapToInt(Priced::quantity).toArray();
        Map<Long, StockRepository.Taken> taken = new HashMap<>();
        for (StockRepository.Taken row : stock.take(ids, quantities)) {
            taken.put(row.productId(), row);
        }
        if (taken.size() < lines.size()) {
            throw notTaken(lines, taken.keySet());
        }
        for (Priced line : lines) {
            StockRepository.Taken row = Objects.requireNonNull(taken.get(line.productId()), "every line was taken");
            if (row.price() != line.unitPrice() || !row.currency().equals(line.currency())) {
                throw new PriceMoved(row.productId());
            }
            events.publishEvent(new ProductChanged(row.productId(), Set.of(row.categoryId()), false));
        }
    }

    /**
     * Why some lines could not be taken, read after the take (which locked them): a product no longer
     * on sale → 400 naming its line; otherwise 409 naming every short product with what is left.
     */
    private ApiException notTaken(List<Priced> lines, Set<Long> taken) {
        Map<Long, StockRepository.Price> now = new HashMap<>();
        for (StockRepository.Price row :
                stock.prices(lines.stream().mapToLong(Priced::productId).toArray())) {
            now.put(row.productId(), row);
        }
        List<Shortage> shortages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Priced line = lines.get(i);
            if (taken.contains(line.productId())) {
                continue;
            }
            StockRepository.Price row = now.get(line.productId());
            if (row == null || !row.active()) {
                return notOnSale(i, line.productId());
            }
            shortages.add(new Shortage(line.productId(), row.name(), line.quantity(), row.stock()));
        }
        return new ApiException(
                HttpStatus.CONFLICT,
                "Not enough stock",
                "Not enough stock for "
                        + String.join(
                                ", ",
                                shortages.stream()
                                        .map(s -> s.name() + " (id " + s.productId() + ": " + s.requested()
                                                + " wanted, " + s.available() + " left)")
                                        .toList()),
                Map.of(),
                Map.of("code", "insufficient_stock", "shortages", List.copyOf(shortages)));
    }

    private static ApiException notOnSale(int line, long productId) {
        return ApiException.badRequest(
                "items[" + line + "].productId", "no product with id " + productId + " is on sale");
    }

    /** Puts the quantities back on the shelf (a cancelled order); products need not be active any more. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void putBack(List<Quantity> lines) {
        long[] ids = lines.stream().mapToLong(Quantity::productId).toArray();
        int[] quantities = lines.stream().mapToInt(Quantity::quantity).toArray();
        for (StockRepository.Restocked row : stock.putBack(ids, quantities)) {
            events.publishEvent(new ProductChanged(row.productId(), Set.of(row.categoryId()), false));
        }
    }
}
