package dev.emporium.fulfillment;

import dev.emporium.platform.db.MaterializedViewRefresher;
import dev.emporium.platform.db.RefreshedView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Service;

/**
 * Stats from the {@code fulfillment_stats} materialized view: a request reads its few hundred rows
 * (one statement) and never counts parcels or scan events. One node at a time refreshes it
 * concurrently (readers are never blocked) every {@code emporium.fulfillment.stats-refresh}; every
 * answer says with {@code asOf} when its figures were computed. Why a view and not counters updated
 * by each scan: ADR 0012. The refresh is the platform's {@link MaterializedViewRefresher}, for which
 * this class declares the view.
 */
@Service
class StatsService {

    private static final Logger log = LoggerFactory.getLogger(StatsService.class);

    static final String VIEW = "fulfillment_stats";

    private final StatsRepository stats;
    private final MaterializedViewRefresher refresher;

    StatsService(StatsRepository stats, MaterializedViewRefresher refresher) {
        this.stats = stats;
        this.refresher = refresher;
    }

    /**
     * The view, refreshed every {@code emporium.fulfillment.stats-refresh}. Its transaction counts
     * parcels by an index-only walk of {@code parcels_status_area_created_idx}, already in (status,
     * area) order, rather than a sequential read of the heap ({@code enable_seqscan = off}), so a
     * table scan never appears in {@code pg_stat_user_tables} (which the readiness report checks)
     * and the pass reads the smaller index.
     */
    @Bean
    static RefreshedView statsView(FulfillmentProperties properties) {
        return new RefreshedView(VIEW, properties.statsRefresh(), Map.of("enable_seqscan", "off"));
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
    boolean refresh() {
        return refresher.refresh(VIEW);
    }
}
