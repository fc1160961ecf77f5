package dev.emporium.fulfillment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stats from the {@code fulfillment_stats} materialized view: a request reads its few hundred rows
 * (one statement) and never counts parcels or scan events. One node at a time refreshes it
 * concurrently (readers are never blocked) every {@code emporium.fulfillment.stats-refresh}; every
 * answer says with {@code asOf} when its figures were computed. Why a view and not counters updated
 * by each scan: ADR 0012.
 */
@Service
class StatsService {

    private static final Logger log = LoggerFactory.getLogger(StatsService.class);

    private final StatsRepository stats;
    private final TransactionTemplate transactions;

    StatsService(StatsRepository stats, TransactionTemplate transactions) {
        this.stats = stats;
        this.transactions = transactions;
    }

    Views.Stats current() {
        List<StatsRepository.Row> rows = stats.read();
        Instant asOf = rows.stream()
                .map(StatsRepository.Row::asOf)
                .max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
        Map<ParcelStatus, Long> byStatus = new EnumMap<>(ParcelStatus.class);
        Map<String, Long> byArea = new TreeMap<>();
        List<Views.StatusAreaCount> byStatusAndArea = new ArrayList<>();
        List<Views.ScannerCount> busiest = new ArrayList<>();
        long lastHour = 0;
        long today = 0;
        for (StatsRepository.Row row : rows) {
            switch (row.section()) {
                case "parcels" -> {
                    ParcelStatus status = ParcelStatus.valueOf(row.k1());
                    byStatus.merge(status, row.value(), Long::sum);
                    byArea.merge(row.k2(), row.value(), Long::sum);
                    byStatusAndArea.add(new Views.StatusAreaCount(status, row.k2(), row.value()));
                }
                case "scans_last_hour" -> lastHour = row.value();
                case "scans_today" -> today = row.value();
                case "busiest_today" -> busiest.add(new Views.ScannerCount(Long.parseLong(row.k1()), row.value()));
                default -> log.warn("Unknown fulfillment stats section {}", row.section());
            }
        }
        byStatusAndArea.sort(
                Comparator.comparing(Views.StatusAreaCount::status).thenComparing(Views.StatusAreaCount::area));
        busiest.sort(Comparator.comparingLong(Views.ScannerCount::scans)
                .reversed()
                .thenComparingLong(Views.ScannerCount::scannedBy));
        return new Views.Stats(
                asOf,
                byStatus.entrySet().stream()
                        .map(e -> new Views.StatusCount(e.getKey(), e.getValue()))
                        .toList(),
                byArea.entrySet().stream()
                        .map(e -> new Views.AreaCount(e.getKey(), e.getValue()))
                        .toList(),
                List.copyOf(byStatusAndArea),
                lastHour,
                today,
                List.copyOf(busiest));
    }

    /** Refreshes the view unless another node is doing it; answers whether this call did. */
    @Scheduled(
            initialDelayString = "${emporium.fulfillment.stats-refresh:10s}",
            fixedDelayString = "${emporium.fulfillment.stats-refresh:10s}")
    boolean refresh() {
        Boolean refreshed = transactions.execute(tx -> {
            if (!stats.tryLock()) {
                return false;
            }
            stats.refresh();
            return true;
        });
        return Boolean.TRUE.equals(refreshed);
    }
}
