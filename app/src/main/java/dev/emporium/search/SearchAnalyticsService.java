package dev.emporium.search;

import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

/**
 * Search statistics: flushing the in-memory counts and reading popular searches and analytics.
 *
 * <p>Every node flushes its own counts every {@code flushInterval} as one JDBC batch per thousand
 * distinct queries into the current hour's bucket. The writes add to what is there, so nodes need
 * no coordination to flush; only pruning old buckets runs on one node at a time (an advisory lock).
 * A failed flush puts its counts back for the next one; stopping the application flushes once more.
 */
@Service
class SearchAnalyticsService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SearchAnalyticsService.class);
    static final int MAX_POPULAR = 50;

    private final QueryCounter counter;
    private final SearchStatsRepository stats;
    private final SearchCaches caches;
    private final SearchProperties properties;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Counter flushedBatches;
    private volatile @Nullable ScheduledFuture<?> flushing;
    private volatile Instant lastPrune = Instant.EPOCH;

    SearchAnalyticsService(
            QueryCounter counter,
            SearchStatsRepository stats,
            SearchCaches caches,
            SearchProperties properties,
            TaskScheduler scheduler,
            MeterRegistry registry) {
        this.counter = counter;
        this.stats = stats;
        this.caches = caches;
        this.properties = properties;
        this.scheduler = scheduler;
        this.clock = Clock.systemUTC();
        this.flushedBatches = Counter.builder("emporium.search.analytics.batches")
                .description("Batches of search counts written")
                .register(registry);
    }

    /** Writes what has been counted; returns the number of batches sent (0 when nothing was waiting). */
    synchronized int flush() {
        List<QueryCounter.Counts> taken = counter.drain();
        Instant now = clock.instant();
        int batches = 0;
        if (!taken.isEmpty()) {
            try {
                batches = stats.add(now.truncatedTo(ChronoUnit.HOURS), taken);
                flushedBatches.increment(batches);
            } catch (RuntimeException e) {
                counter.restore(taken);
                log.warn("search statistics not flushed, kept for the next attempt: {}", e.getMessage());
                return 0;
            }
        }
        if (now.isAfter(lastPrune.plusSeconds(3600))) {
            lastPrune = now;
            stats.prune(now.minus(properties.analytics().retention()));
        }
        return batches;
    }

    /** The first {@code limit} of the window's cached top list, with where that list came from. */
    TieredCache.Lookup<PopularQueries> popular(@Nullable String window, @Nullable Integer limit) {
        SearchWindow w = SearchWindow.parse(window);
        int n = limit == null ? 10 : limit;
        if (n < 1 || n > MAX_POPULAR) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_POPULAR);
        }
        TieredCache.Lookup<PopularQueries> lookup = popularLookup(w);
        PopularQueries all = Objects.requireNonNull(lookup.value(), "the popular-queries loader never returns null");
        return new TieredCache.Lookup<>(
                new PopularQueries(
                        all.window(),
                        List.copyOf(
                                all.items().subList(0, Math.min(n, all.items().size())))),
                lookup.source());
    }

    /** The top {@value #MAX_POPULAR} of a window, cached (TTL bound, not invalidated: counts only grow). */
    TieredCache.Lookup<PopularQueries> popularLookup(SearchWindow w) {
        return caches.popular().get("window:" + w.param(), "top", () -> {
            List<PopularQueries.Item> items =
                    stats
                            .top(
                                    w.since(clock.instant()),
                                    properties.analytics().popularMinSearches(),
                                    MAX_POPULAR)
                            .stream()
                            .map(s -> new PopularQueries.Item(s.query(), s.searches()))
                            .toList();
            return new PopularQueries(w.param(), items);
        });
    }

    SearchAnalytics analytics(@Nullable String window, @Nullable Integer limit) {
        SearchWindow w = SearchWindow.parse(window);
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 500) {
            throw ApiException.badRequest("limit", "must be between 1 and 500");
        }
        Instant since = w.since(clock.instant());
        List<SearchAnalytics.Bucket> volume = stats.volume(since);
        return new SearchAnalytics(
                w.param(),
                volume.stream().mapToLong(SearchAnalytics.Bucket::searches).sum(),
                volume.stream().mapToLong(SearchAnalytics.Bucket::zeroResults).sum(),
                stats.top(since, 1, n),
                stats.topZeroResults(since, n),
                volume);
    }

    @Override
    public void start() {
        flushing = scheduler.scheduleWithFixedDelay(
                this::flushQuietly, properties.analytics().flushInterval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> f = flushing;
        if (f != null) {
            f.cancel(false);
            flushing = null;
        }
        flushQuietly();
    }

    @Override
    public boolean isRunning() {
        return flushing != null;
    }

    /** Stops after the web server (higher phases stop first), so the last requests' counts are flushed too. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("search statistics flush failed: {}", e.getMessage());
        }
    }
}
