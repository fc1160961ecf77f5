package dev.emporium.fulfillment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Scans handled, by where they came from and what became of them: {@code emporium.fulfillment.scans}
 * (Prometheus {@code emporium_fulfillment_scans_total{source, outcome}}), the figure behind "scans per
 * second" on {@code /ops} and in Grafana.
 *
 * <ul>
 *   <li>{@code source}: {@code single} ({@code POST /scans}), {@code batch} (each line of
 *       {@code POST /scans:batch}), {@code link} (a child put into a parent).
 *   <li>{@code outcome}: {@code applied} (an event was written), {@code duplicate} (a resent scan id replayed, or a
 *       child linked again to the parent it is in: nothing written), {@code refused} (the parcel's state, the
 *       scan id's first use or an unknown order refused it: nothing written).
 * </ul>
 *
 * <p>The services record an outcome once, after their transaction committed and outside the retry loop, so an
 * attempt rolled back and run again is counted once. Should a caller ever run them inside a transaction of its
 * own, the count waits for that transaction's commit and is dropped on rollback. Malformed requests (400) are
 * not scans and are not counted; nor are rows the data generator loads. All nine series exist from start-up at 0.
 */
@Component
class ScanCounter {

    enum Source {
        SINGLE,
        BATCH,
        LINK
    }

    enum Outcome {
        APPLIED,
        DUPLICATE,
        REFUSED
    }

    static final String METRIC = "emporium.fulfillment.scans";

    private final Counter[][] counters = new Counter[Source.values().length][Outcome.values().length];

    ScanCounter(MeterRegistry registry) {
        for (Source source : Source.values()) {
            for (Outcome outcome : Outcome.values()) {
                counters[source.ordinal()][outcome.ordinal()] = Counter.builder(METRIC)
                        .description("Scans handled, by source (single, batch line, link) and outcome")
                        .tag("source", source.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    /** Counts {@code scans} (nothing when 0) now, or when the surrounding transaction commits. */
    void record(Source source, Outcome outcome, long scans) {
        if (scans <= 0) {
            return;
        }
        Counter counter = counters[source.ordinal()][outcome.ordinal()];
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    counter.increment(scans);
                }
            });
        } else {
            counter.increment(scans);
        }
    }
}
