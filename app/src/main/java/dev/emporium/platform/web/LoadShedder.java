package dev.emporium.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for database-bound work: at most {@code maxConcurrent} requests run at once, at
 * most {@code queueSize} more wait (first come, first served) for at most {@code maxWait}, and every
 * other request is refused at once. The refused get a fast 503 instead of joining the connection
 * pool's own queue, where they would hold a thread for the pool's whole connection timeout (2 s) and
 * push the latency of everyone behind them up with them.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Running requests never exceed {@code maxConcurrent}: a permit of the fair semaphore is taken
 *       before the work and given back in a {@code finally} once it ends, however it ends.</li>
 *   <li>Waiting requests never exceed {@code queueSize}: the waiting count is reserved by a
 *       compare-and-set before a request waits, so the queue cannot overshoot under a burst.</li>
 *   <li>No request waits longer than {@code maxWait} for admission: the wait is a timed {@code
 *       tryAcquire}; an interrupted wait counts as shed.</li>
 * </ul>
 *
 * Meters ({@code emporium_shedding_*} in Prometheus): {@code admitted_total} (with {@code queued="true"} when
 * the request waited first), {@code shed_total} (by {@code reason}: {@code queue_full}, {@code wait_timeout}),
 * {@code queue_wait_seconds} (time waited by every request that queued, admitted or not), and the
 * gauges {@code in_flight}, {@code queued} and {@code limit}.
 */
final class LoadShedder {

    /** What became of one request that asked for admission. */
    enum Admission {
        ADMITTED,
        QUEUE_FULL,
        WAIT_TIMEOUT;
    }

    private final int maxConcurrent;
    private final int queueSize;
    private final long maxWaitNanos;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter admittedDirectly;
    private final Counter admittedAfterQueueing;
    private final Counter shedQueueFull;
    private final Counter shedWaitTimeout;
    private final Timer queueWait;

    LoadShedder(int maxConcurrent, int queueSize, Duration maxWait, MeterRegistry registry) {
        if (maxConcurrent < 1 || queueSize < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException(
                    "shedding needs maxConcurrent >= 1, queueSize >= 0 and a non-negative maxWait");
        }
        this.maxConcurrent = maxConcurrent;
        this.queueSize = queueSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.permits = new Semaphore(maxConcurrent, true);
        this.admittedDirectly = Counter.builder("emporium.shedding.admitted")
                .description("Database-bound requests admitted")
                .tag("queued", "false")
                .register(registry);
        this.admittedAfterQueueing = Counter.builder("emporium.shedding.admitted")
                .description("Database-bound requests admitted")
                .tag("queued", "true")
                .register(registry);
        this.shedQueueFull = Counter.builder("emporium.shedding.shed")
                .description("Database-bound requests refused with 503")
                .tag("reason", "queue_full")
                .register(registry);
        this.shedWaitTimeout = Counter.builder("emporium.shedding.shed")
                .description("Database-bound requests refused with 503")
                .tag("reason", "wait_timeout")
                .register(registry);
        this.queueWait = Timer.builder("emporium.shedding.queue.wait")
                .description("Time requests waited for admission (only those that had to wait)")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        Gauge.builder("emporium.shedding.in.flight", inFlight, AtomicInteger::get)
                .description("Database-bound requests running now")
                .register(registry);
        Gauge.builder("emporium.shedding.queued", waiting, AtomicInteger::get)
                .description("Requests waiting for admission now")
                .register(registry);
        Gauge.builder("emporium.shedding.limit", this, s -> s.maxConcurrent)
                .description("Database-bound requests admitted at once at most")
                .register(registry);
    }

    /**
     * Admits the caller or says why not. {@link Admission#ADMITTED} obliges the caller to call {@link
     * #release()} exactly once when its work ends.
     */
    Admission acquire() {
        if (permits.tryAcquire()) {
            admitted(admittedDirectly);
            return Admission.ADMITTED;
        }
        if (!reserveQueueSlot()) {
            shedQueueFull.increment();
            return Admission.QUEUE_FULL;
        }
        long start = System.nanoTime();
        boolean admitted = false;
        try {
            admitted = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
            queueWait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        if (!admitted) {
            shedWaitTimeout.increment();
            return Admission.WAIT_TIMEOUT;
        }
        admitted(admittedAfterQueueing);
        return Admission.ADMITTED;
    }

    /**
     * No running place and no queue place free at this instant: {@link #acquire()} would refuse now
     * ({@link EarlyRefusalFilter} refuses early on it). A racy read, which is enough for that.
     */
    boolean full() {
        return permits.availablePermits() == 0 && waiting.get() >= queueSize;
    }

    void release() {
        inFlight.decrementAndGet();
        permits.release();
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    int queueSize() {
        return queueSize;
    }

    private void admitted(Counter counter) {
        inFlight.incrementAndGet();
        counter.increment();
    }

    private boolean reserveQueueSlot() {
        while (true) {
            int now = waiting.get();
            if (now >= queueSize) {
                return false;
            }
            if (waiting.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
