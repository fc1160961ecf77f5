package dev.emporium.platform.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every {@link RefreshedView} bean fresh, off the request path, one node at a time: the one
 * mechanism behind the fulfillment stats (ADR 0012) and the analytics views (ADR 0013).
 *
 * <p>Each view gets its own fixed-delay round on Spring's scheduler, on every node. A round opens a
 * transaction and takes {@code pg_try_advisory_xact_lock(hashtext('emporium.view.' || name))}; a
 * node that does not get it skips the round (another node is refreshing), so nodes never queue
 * behind each other. The holder applies the view's planner settings ({@code set local}), runs
 * {@code refresh materialized view concurrently} (readers keep reading the old content until it
 * commits) and records {@code now()} in {@code materialized_view_refreshes} in the same transaction:
 * the record and the content become visible together. A view declared with an {@link
 * IncrementalRefresh} is a table its owner maintains: the round hands it the previous record's instant
 * instead, so it recomputes only what changed since ({@link #refreshNow} hands it none: everything).
 *
 * <p>Metrics: {@code emporium.db.view.refresh} (timer, tag {@code view}) times each refresh this
 * node ran; {@code emporium.db.view.age} (gauge in seconds, tag {@code view}) is the age of the view's
 * content as this node last read the record, so on nodes that skipped it is at most one interval
 * behind the truth. A failed refresh is logged and leaves the old content and record, so the age
 * grows and the alert on it fires. A refresh runs under {@code emporium.db.view-refresh-timeout}
 * rather than the request path's {@code statement_timeout}: it reads whole tables by design.
 */
@NamedInterface("db")
@Component
public class MaterializedViewRefresher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MaterializedViewRefresher.class);

    private static final String TRY_LOCK = "select pg_try_advisory_xact_lock(hashtext('emporium.view.' || :view))";

    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('emporium.view.' || :view))";

    private static final String SETTING = "select set_config(:name, :value, true)";

    private static final String CURRENT_SETTING = "select current_setting(:name)";

    private static final String RECORD = """
            insert into materialized_view_refreshes (view_name, refreshed_at)
            values (:view, now())
            on conflict (view_name) do update set refreshed_at = excluded.refreshed_at
            returning refreshed_at
            """;

    private static final String PREVIOUS = """
            select refreshed_at
              from materialized_view_refreshes
             where view_name = :view
            """;

    private static final String REFRESHED_AT = """
            select view_name, refreshed_at
              from materialized_view_refreshes
            """;

    private final Map<String, RefreshedView> views = new LinkedHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Instant> refreshedAt = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String timeoutMillis;

    MaterializedViewRefresher(
            List<RefreshedView> views,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            MeterRegistry registry,
            DbProperties properties) {
        this.jdbc = jdbc;
        this.timeoutMillis = Long.toString(properties.viewRefreshTimeout().toMillis());
        this.transactions = new TransactionTemplate(transactionManager);
        for (RefreshedView view : views) {
            if (this.views.putIfAbsent(view.name(), view) != null) {
                throw new IllegalStateException("view " + view.name() + " is declared twice");
            }
            String name = view.name();
            timers.put(
                    name,
                    Timer.builder("emporium.db.view.refresh")
                            .description(
                                    "Time of one refresh round of a materialized view (or incremental table) on this node")
                            .tag("view", name)
                            .register(registry));
            Gauge.builder("emporium.db.view.age", this, r -> r.ageSeconds(name))
                    .description("Seconds since the view's content was computed (NaN until known)")
                    .baseUnit("seconds")
                    .tag("view", name)
                    .register(registry);
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        views.values()
                .forEach(view -> registrar.addFixedDelayTask(
                        new FixedDelayTask(() -> refresh(view.name()), view.interval(), view.interval())));
    }

    /** Learns every view's age at start, before its first round. */
    @EventListener(ApplicationReadyEvent.class)
    void observe() {
        jdbc.sql(REFRESHED_AT)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list()
                .forEach(e -> refreshedAt.put(e.getKey(), e.getValue()));
    }

    /**
     * One round for {@code view}: refreshes it unless another node is doing so. Answers whether this
     * call refreshed. Joins the caller's transaction if there is one (the lock then lasts until it
     * ends).
     */
    public boolean refresh(String view) {
        RefreshedView known = known(view);
        try {
            Boolean refreshed = transactions.execute(tx -> {
                if (!Boolean.TRUE.equals(jdbc.sql(TRY_LOCK)
                        .param("view", view)
                        .query(Boolean.class)
                        .single())) {
                    return false;
                }
                refreshLocked(known, false);
                return true;
            });
            if (!Boolean.TRUE.equals(refreshed)) {
                observe();
            }
            return Boolean.TRUE.equals(refreshed);
        } catch (RuntimeException e) {
            log.warn(
                    "Refresh of materialized view {} failed; its content stays as of {}: {}",
                    view,
                    refreshedAt(view).map(Instant::toString).orElse("unknown"),
                    e.toString());
            return false;
        }
    }

    /**
     * Refreshes every view now, each waiting for a round another node may be running: for the data
     * generator, whose load must end with the views computed over what it loaded.
     */
    public void refreshAll() {
        views.keySet().forEach(this::refreshNow);
    }

    /**
     * Refreshes {@code view} now, waiting for a round another node (or this node's scheduler) may be
     * running rather than skipping; an incremental table is recomputed whole. Joins the caller's
     * transaction if there is one.
     */
    public void refreshNow(String view) {
        RefreshedView known = known(view);
        transactions.executeWithoutResult(tx -> {
            jdbc.sql(LOCK).param("view", view).query((rs, n) -> 1).list();
            refreshLocked(known, true);
        });
    }

    /** When the view's content was computed, as this node last learned it. */
    public Optional<Instant> refreshedAt(String view) {
        return Optional.ofNullable(refreshedAt.get(view));
    }

    /**
     * Applies the view's settings and the refresh timeout for the refresh only, then puts back what the
     * transaction had: a caller's transaction that refreshes several views gives each its own.
     */
    private void refreshLocked(RefreshedView view, boolean whole) {
        Map<String, String> settings = new LinkedHashMap<>(view.settings());
        settings.put("statement_timeout", timeoutMillis);
        Map<String, String> previous = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            previous.put(
                    name,
                    jdbc.sql(CURRENT_SETTING)
                            .param("name", name)
                            .query(String.class)
                            .single());
            set(name, value);
        });
        long started = System.nanoTime();
        IncrementalRefresh incremental = view.incremental();
        if (incremental == null) {
            // the name is a checked identifier (RefreshedView); a view name cannot be a bind parameter
            jdbc.sql("refresh materialized view concurrently " + view.name()).update();
        } else {
            incremental.refresh(whole ? null : previousRound(view.name()));
        }
        previous.forEach(this::set);
        Instant at = jdbc.sql(RECORD)
                .param("view", view.name())
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .single();
        Objects.requireNonNull(timers.get(view.name()), "registered with the view")
                .record(Duration.ofNanos(System.nanoTime() - started));
        refreshedAt.put(view.name(), at);
    }

    private @Nullable Instant previousRound(String view) {
        return jdbc.sql(PREVIOUS)
                .param("view", view)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional()
                .orElse(null);
    }

    private void set(String name, String value) {
        jdbc.sql(SETTING)
                .param("name", name)
                .param("value", value)
                .query(String.class)
                .single();
    }

    private RefreshedView known(String view) {
        RefreshedView known = views.get(view);
        if (known == null) {
            throw new IllegalArgumentException("no RefreshedView bean named " + view);
        }
        return known;
    }

    private double ageSeconds(String view) {
        Instant at = refreshedAt.get(view);
        return at == null
                ? Double.NaN
                : Math.max(0, Duration.between(at, Instant.now()).toMillis() / 1000.0);
    }
}
