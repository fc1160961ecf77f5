package dev.emporium.platform.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * Listens to every JDBC statement: counts it against the current request, times it, and logs the
 * slow ones.
 *
 * <p>Calibration rules, so that "slow" means something:
 * <ul>
 *   <li>Only run-time work is judged. Statements before the application reports ready (migrations,
 *       seeding) and those of the server's own cache warm-up requests are never timed, logged or
 *       counted as slow.</li>
 *   <li>The SQL is logged as its shape: JDBC placeholders stay {@code ?}, parameters are never
 *       printed (they may hold emails or tokens).</li>
 *   <li>A shape is logged at most once per {@code logInterval}; repeats in between are counted
 *       and reported with the next line, so a slow hot query cannot flood the log.</li>
 * </ul>
 */
@NamedInterface("db")
public class SlowStatementLog implements QueryExecutionListener {

    /** How many of the latest slow statements {@link #recent()} keeps for the /ops page. */
    static final int RECENT = 20;

    private static final Logger log = LoggerFactory.getLogger(SlowStatementLog.class);

    private final long thresholdMillis;
    private final long logIntervalNanos;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ConcurrentHashMap<String, ShapeLog> shapes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Recent> recent = new ConcurrentLinkedDeque<>();
    private final Timer requestStatements;
    private final Timer backgroundStatements;
    private final Counter slowRequestStatements;
    private final Counter slowBackgroundStatements;

    public SlowStatementLog(MeterRegistry registry, Duration threshold, Duration logInterval) {
        this.thresholdMillis = threshold.toMillis();
        this.logIntervalNanos = logInterval.toNanos();
        this.requestStatements = statementTimer(registry, "request");
        this.backgroundStatements = statementTimer(registry, "background");
        this.slowRequestStatements = slowCounter(registry, "request");
        this.slowBackgroundStatements = slowCounter(registry, "background");
    }

    /** From now on statements are run-time work and are judged. */
    public void applicationReady() {
        running.set(true);
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {}

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queries) {
        RequestStatements scope = RequestStatements.current();
        if (scope != null) {
            scope.add(Math.max(1, queries.size()));
        }
        if (!running.get() || (scope != null && scope.warmUp())) {
            return;
        }
        long millis = execInfo.getElapsedTime();
        (scope != null ? requestStatements : backgroundStatements).record(millis, TimeUnit.MILLISECONDS);
        if (millis < thresholdMillis) {
            return;
        }
        (scope != null ? slowRequestStatements : slowBackgroundStatements).increment();
        String shape = queries.stream()
                .map(QueryInfo::getQuery)
                .map(SlowStatementLog::oneLine)
                .collect(Collectors.joining("; "));
        String endpoint = scope != null ? scope.endpoint() : "background";
        recent.addFirst(new Recent(Instant.now(), endpoint, millis, shape));
        while (recent.size() > RECENT) {
            recent.pollLast();
        }
        ShapeLog shapeLog = shapes.computeIfAbsent(shape, s -> new ShapeLog());
        long suppressed = shapeLog.suppressedSinceLastLine(logIntervalNanos);
        if (suppressed >= 0) {
            log.warn(
                    "slow statement {} ms (threshold {} ms) at [{}]{}: {}",
                    millis,
                    thresholdMillis,
                    endpoint,
                    suppressed > 0 ? " (+" + suppressed + " more since last report)" : "",
                    shape);
        }
    }

    /** One slow statement: when, where ({@code METHOD /route} or {@code background}), how long, its SQL shape. */
    public record Recent(Instant at, String endpoint, long millis, String sql) {}

    /** The latest slow statements, newest first (at most {@value #RECENT}). */
    public List<Recent> recent() {
        return List.copyOf(recent);
    }

    static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    private static Timer statementTimer(MeterRegistry registry, String origin) {
        return Timer.builder("emporium.db.statements")
                .description("JDBC statement execution time (run time only)")
                .tag("origin", origin)
                .register(registry);
    }

    private static Counter slowCounter(MeterRegistry registry, String origin) {
        return Counter.builder("emporium.db.slow.statements")
                .description("JDBC statements slower than emporium.db.slow-statement-threshold")
                .tag("origin", origin)
                .register(registry);
    }

    /** When a shape was last logged and how many slow runs were not logged since. */
    private static final class ShapeLog {
        private long lastLoggedAt = Long.MIN_VALUE;
        private long suppressed;

        /** Returns the suppressed count if a line is due now, or -1 if this run is suppressed. */
        synchronized long suppressedSinceLastLine(long intervalNanos) {
            long now = System.nanoTime();
            if (lastLoggedAt != Long.MIN_VALUE && now - lastLoggedAt < intervalNanos) {
                suppressed++;
                return -1;
            }
            long count = suppressed;
            suppressed = 0;
            lastLoggedAt = now;
            return count;
        }
    }
}
