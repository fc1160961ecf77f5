package dev.emporium.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts searches in memory between flushes, so a search never writes to the database.
 *
 * <p>Invariant: a search recorded before {@link #drain()} is in that drain or a later one, exactly
 * once. Both sides go through the map's per-key atomic operations: {@code merge} adds to the value
 * under the bin lock, {@code remove} takes the value out under it, so no increment can land on a
 * value that was already drained. The number of distinct queries held is bounded; a query that
 * arrives when the bound is reached is counted only in {@code emporium.search.analytics.dropped}.
 */
@Component
class QueryCounter {

    /** Searches and zero-result searches of one normalised query. */
    record Counts(String query, long searches, long zeroResults) {
        Counts plus(Counts other) {
            return new Counts(query, searches + other.searches, zeroResults + other.zeroResults);
        }
    }

    private final ConcurrentHashMap<String, Counts> counts = new ConcurrentHashMap<>();
    private final SearchProperties properties;
    private final Counter searches;
    private final Counter zeroResults;
    private final Counter dropped;

    QueryCounter(SearchProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.searches = Counter.builder("emporium.search.searches")
                .description("First-page searches answered")
                .register(registry);
        this.zeroResults = Counter.builder("emporium.search.zero.results")
                .description("First-page searches that found nothing, even after spelling correction")
                .register(registry);
        this.dropped = Counter.builder("emporium.search.analytics.dropped")
                .description("Searches not counted per query because too many distinct queries were waiting")
                .register(registry);
    }

    void record(String query, boolean zeroResult) {
        searches.increment();
        if (zeroResult) {
            zeroResults.increment();
        }
        Counts one = new Counts(query, 1, zeroResult ? 1 : 0);
        if (counts.size() >= properties.analytics().maxDistinct() && !counts.containsKey(query)) {
            dropped.increment();
            return;
        }
        counts.merge(query, one, Counts::plus);
    }

    /** Takes everything counted so far, sorted by query (so concurrent flushes lock rows in one order). */
    List<Counts> drain() {
        List<Counts> taken = new ArrayList<>(counts.size());
        for (String query : counts.keySet()) {
            Counts c = counts.remove(query);
            if (c != null) {
                taken.add(c);
            }
        }
        taken.sort(Comparator.comparing(Counts::query));
        return taken;
    }

    /** Puts counts back after a failed flush (they are retried with the next one). */
    void restore(List<Counts> failed) {
        for (Counts c : failed) {
            counts.merge(c.query(), c, Counts::plus);
        }
    }

    int pending() {
        return counts.size();
    }
}
