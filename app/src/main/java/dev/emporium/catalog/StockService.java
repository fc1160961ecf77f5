package dev.emporium.catalog;

import dev.emporium.platform.web.ApiException;
import java.util.ArrayList;
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
 * feature. Both run inside the caller's transaction (propagation {@code MANDATORY}), so stock moves
 * exactly when the order and its payment commit.
 *
 * <p>Each is one statement whatever the number of lines ({@link StockRepository}): rows are locked
 * in id order (no deadlock between orders), the take is conditional (stock never below zero, never
 * sold twice), prices and names come from the rows as they are now.
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

    /** A line whose stock was taken, priced at the product's current price. */
    public record Taken(long productId, String name, long unitPrice, String currency, int quantity) {}

    /** One line that could not be had: what was asked for and what there was. */
    public record Shortage(long productId, String name, int requested, int available) {}

    private final StockRepository stock;
    private final ApplicationEventPublisher events;

    StockService(StockRepository stock, ApplicationEventPublisher events) {
        this.stock = stock;
        this.events = events;
    }

    /**
     * Takes every line's quantity, or nothing: an unknown or inactive product → 400 naming the line;
     * too little stock for any line → 409 naming every short product ({@code shortages} member). Either
     * exception rolls the caller's transaction back, with the lines already taken.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Taken> take(List<Quantity> lines) {
        long[] ids = lines.stream().mapToLong(Quantity::productId).toArray();
        int[] quantities = lines.stream().mapToInt(Quantity::quantity).toArray();
        List<StockRepository.Line> rows = stock.take(ids, quantities);
        List<Taken> taken = new ArrayList<>(rows.size());
        List<Shortage> shortages = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            StockRepository.Line row = rows.get(i);
            if (!row.active() || row.name() == null) {
                throw ApiException.badRequest(
                        "items[" + i + "].productId", "no product with id " + row.productId() + " is on sale");
            }
            String name = row.name();
            if (row.taken()) {
                taken.add(new Taken(
                        row.productId(),
                        name,
                        Objects.requireNonNull(row.price(), "a taken row has a price"),
                        Objects.requireNonNull(row.currency(), "a taken row has a currency"),
                        quantities[i]));
                events.publishEvent(new ProductChanged(
                        row.productId(),
                        Set.of(Objects.requireNonNull(row.categoryId(), "a taken row has a category")),
                        false));
            } else {
                shortages.add(new Shortage(row.productId(), name, quantities[i], row.stock()));
            }
        }
        if (!shortages.isEmpty()) {
            throw new ApiException(
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
        return List.copyOf(taken);
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
