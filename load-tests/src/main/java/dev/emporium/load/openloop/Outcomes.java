package dev.emporium.load.openloop;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link FixedRateLoad} run saw: latencies by status (from each request's scheduled arrival),
 * failures without a response, the generator's own dispatch delay and how many connections and how much
 * backlog it needed.
 *
 * <p>"Admitted" is a 200; "refused" a 503 or 429 (load shedding and rate limiting); anything else is
 * listed by status. The last line, {@code RESULT key=value ...}, is for scripts.
 */
final class Outcomes {

    private final Map<Integer, Latencies> byStatus = new TreeMap<>();
    private final Map<String, Latencies> failures = new TreeMap<>();
    private final Map<String, Integer> errors = new TreeMap<>();
    private final Latencies dispatch = new Latencies();
    private long timeouts;
    private int mostOpen;
    private int mostBusy;
    private int longestBacklog;
    private int opened;
    private long arrivals;
    private double seconds;
    private long windowAdmitted;
    private long windowRefused;
    private long windowSlowest;
    private long windowDispatch;

    void answered(int status, long nanos) {
        byStatus.computeIfAbsent(status, s -> new Latencies()).add(nanos);
        if (status == 200) {
            windowAdmitted++;
        } else if (status == 503 || status == 429) {
            windowRefused++;
        }
        windowSlowest = Math.max(windowSlowest, nanos);
    }

    /**
     * One line for the window since the previous call: answers by kind, the slowest of them, the worst
     * dispatch delay, and what is in flight and waiting now. Shows when a run fell behind, and for how long.
     */
    void progress(PrintStream out, double atSeconds, int inFlight, int waiting) {
        out.printf(
                "  at %5.1f s: %d admitted, %d refused, slowest %.0f ms; dispatch delay up to %.0f ms; %d in flight,"
                        + " %d waiting in the generator%n",
                atSeconds, windowAdmitted, windowRefused, windowSlowest / 1e6, windowDispatch / 1e6, inFlight, waiting);
        windowAdmitted = 0;
        windowRefused = 0;
        windowSlowest = 0;
        windowDispatch = 0;
    }

    void failed(String reason, long nanos) {
        failures.computeIfAbsent(reason, r -> new Latencies()).add(nanos);
    }

    void error(String reason) {
        errors.merge(reason, 1, Integer::sum);
    }

    void timedOut() {
        timeouts++;
    }

    void dispatched(long delayNanos) {
        dispatch.add(delayNanos);
        windowDispatch = Math.max(windowDispatch, delayNanos);
    }

    void opened(int openNow) {
        opened++;
        mostOpen = Math.max(mostOpen, openNow);
    }

    void busy(int busyNow, int openNow) {
        mostBusy = Math.max(mostBusy, busyNow);
        mostOpen = Math.max(mostOpen, openNow);
    }

    void backlog(int waiting) {
        longestBacklog = Math.max(longestBacklog, waiting);
    }

    void finish(long startNanos, long endNanos, long scheduled) {
        arrivals = scheduled;
        seconds = (endNanos - startNanos) / 1e9;
    }

    Latencies status(int status) {
        return byStatus.getOrDefault(status, new Latencies());
    }

    long timeouts() {
        return timeouts;
    }

    int failureCount() {
        return failures.values().stream().mapToInt(Latencies::count).sum();
    }

    private Latencies refused() {
        Latencies refused = new Latencies();
        for (int status : new int[] {503, 429}) {
            Latencies some = byStatus.get(status);
            if (some != null) {
                some.addAllTo(refused);
            }
        }
        return refused;
    }

    /** Arrivals, admitted and refused with their p99, in one line. */
    String brief() {
        Latencies admitted = status(200);
        Latencies refused = refused();
        return String.format(
                "%d arrivals in %.1f s, %d admitted (p99 %.2f ms), %d refused (p99 %.2f ms), %d timed out",
                arrivals,
                seconds,
                admitted.count(),
                admitted.percentileMillis(99),
                refused.count(),
                refused.percentileMillis(99),
                timeouts);
    }

    void print(PrintStream out) {
        long answered = byStatus.values().stream().mapToLong(Latencies::count).sum();
        out.printf(
                "arrivals: %d scheduled in %.1f s (%.1f/s); %d answered, %d timed out, %d failed without a response%n",
                arrivals, seconds, seconds > 0 ? arrivals / seconds : 0, answered, timeouts, failureCount());
        byStatus.forEach((status, latencies) -> out.printf("  status %d: %s%n", status, latencies.describe()));
        failures.forEach((reason, latencies) -> out.printf("  %s: %s%n", reason, latencies.describe()));
        errors.forEach((reason, count) -> out.printf("  %s (no request lost): %d%n", reason, count));
        out.printf("generator: dispatch delay (scheduled arrival to first byte written) %s%n", dispatch.describe());
        out.printf(
                "generator: %d connections opened in this phase, at most %d open and %d requests in flight, longest backlog"
                        + " %d%n",
                opened, mostOpen, mostBusy, longestBacklog);
        Latencies admitted = status(200);
        Latencies refused = refused();
        out.printf(
                "RESULT arrivals=%d seconds=%.1f ok=%d ok_p50_ms=%.2f ok_p99_ms=%.2f refused=%d refused_p50_ms=%.2f"
                        + " refused_p99_ms=%.2f other=%d timeouts=%d failed=%d dispatch_p99_ms=%.2f max_open=%d%n",
                arrivals,
                seconds,
                admitted.count(),
                admitted.percentileMillis(50),
                admitted.percentileMillis(99),
                refused.count(),
                refused.percentileMillis(50),
                refused.percentileMillis(99),
                answered - admitted.count() - refused.count(),
                timeouts,
                failureCount(),
                dispatch.percentileMillis(99),
                mostOpen);
    }
}
