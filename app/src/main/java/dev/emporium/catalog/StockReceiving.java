package dev.emporium.catalog;

import dev.emporium.platform.web.ApiException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock arriving from suppliers, for the supply feature: adds to products' stock inside the caller's
 * transaction (a delivery and its stock commit together) and announces each product as a stock-only
 * {@link ProductChanged} ({@code listsAffected = false}), so after the commit the caches drop exactly
 * that product's detail and keep every list page (see {@link CatalogCaches} for why stock in a list
 * may be a bounded-staleness hint).
 */
@Service
public class StockReceiving {

    private final StockReceivingRepository stock;
    private final ApplicationEventPublisher events;

    StockReceiving(StockReceivingRepository stock, ApplicationEventPublisher events) {
        this.stock = stock;
        this.events = events;
    }

    /** The ids among these that name a product. */
    @Transactional(readOnly = true)
    public Set<Long> existing(Set<Long> productIds) {
        return new HashSet<>(stock.existing(List.copyOf(productIds)));
    }

    /**
     * Adds the quantities (product id → units, each positive) in one statement. Fails with 422 and
     * rolls the caller's transaction back when a product is gone or its stock would overflow.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void receive(Map<Long, Integer> quantities) {
        SortedMap<Long, Integer> sorted = new TreeMap<>(quantities);
        List<StockReceivingRepository.Received> received =
                stock.addStock(List.copyOf(sorted.keySet()), List.copyOf(sorted.values()));
        if (received.size() != sorted.size()) {
            Set<Long> missing = new HashSet<>(sorted.keySet());
            received.forEach(r -> missing.remove(r.productId()));
            throw ApiException.unprocessable(
                    "Stock could not be added to product(s) " + missing + ": gone, or the stock would overflow",
                    Map.of("code", "stock_not_received"));
        }
        for (StockReceivingRepository.Received r : received) {
            events.publishEvent(new ProductChanged(r.productId(), Set.of(r.categoryId()), false));
        }
    }
}
