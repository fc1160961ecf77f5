package dev.emporium.platform.db;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * A materialized view (or a table maintained like one) that {@link MaterializedViewRefresher} keeps
 * fresh: declare one as a bean and it is refreshed every {@code interval} by one node at a time.
 *
 * @param name the view's name; it must have a row in {@code materialized_view_refreshes} and, when it
 *     is a materialized view, a unique index over plain columns (the condition of {@code refresh
 *     materialized view concurrently})
 * @param interval the delay between the end of one refresh round and the start of the next
 * @param settings planner settings for the refresh's transaction only ({@code set local}), e.g.
 *     {@code enable_seqscan = off} where an index-only walk beats reading the heap
 * @param incremental for a table kept up to date by its owner, how to do it; {@code null} for a
 *     materialized view, which {@code refresh materialized view concurrently} recomputes whole
 */
@NamedInterface("db")
public record RefreshedView(
        String name,
        Duration interval,
        Map<String, String> settings,
        @Nullable IncrementalRefresh incremental) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public RefreshedView {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case view name: " + name);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        settings.keySet().forEach(setting -> {
            if (!IDENTIFIER.matcher(setting).matches()) {
                throw new IllegalArgumentException("not a planner setting: " + setting);
            }
        });
        settings = Map.copyOf(settings);
    }

    public RefreshedView(String name, Duration interval, Map<String, String> settings) {
        this(name, interval, settings, null);
    }

    public RefreshedView(String name, Duration interval) {
        this(name, interval, Map.of(), null);
    }

    /** A table that {@code refresh} brings up to date, each round from what changed since the last. */
    public static RefreshedView incremental(String name, Duration interval, IncrementalRefresh refresh) {
        return new RefreshedView(name, interval, Map.of(), refresh);
    }
}
