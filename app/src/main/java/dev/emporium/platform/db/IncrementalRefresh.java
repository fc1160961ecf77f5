package dev.emporium.platform.db;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * How a {@link RefreshedView} that is a table, not a materialized view, is brought up to date: the
 * refresher calls it inside the round's transaction, under the view's advisory lock and with its
 * settings, then records the round as it does for a materialized view. Readers see the old content
 * until that transaction commits.
 */
@NamedInterface("db")
@FunctionalInterface
public interface IncrementalRefresh {

    /**
     * @param previous when the last recorded round began ({@code materialized_view_refreshes}): the
     *     implementation recomputes what changed since then, allowing for transactions that stamped a
     *     row before that instant and committed after it; {@code null} to recompute everything
     *     (the data generator, an operator's full rebuild)
     */
    void refresh(@Nullable Instant previous);
}
