package dev.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The shedder's invariants under contention: concurrency and queue bounded, every request accounted for. */
class LoadShedderTests {

    @Test
    void aFullQueueIsRefusedAtOnceAndWaitersAreAdmittedWhenPermitsReturn() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoadShedder shedder = new LoadShedder(1, 2, Duration.ofSeconds(30), registry);
        assertThat(shedder.acquire()).isEqualTo(LoadShedder.Admission.ADMITTED);
        try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LoadShedder.Admission>> queued = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                queued.add(waiters.submit(shedder::acquire));
            }
            awaitGauge(registry, "emporium.shedding.queued", 2);
            long start = System.nanoTime();
            assertThat(shedder.acquire()).isEqualTo(LoadShedder.Admission.QUEUE_FULL);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("a full queue refuses without waiting")
                    .isLessThan(Duration.ofSeconds(5));
            for (Future<LoadShedder.Admission> waiter : queued) {
                shedder.release();
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(LoadShedder.Admission.ADMITTED);
            }
            shedder.release();
        }
        assertThat(registry.get("emporium.shedding.admitted")
                        .tag("queued", "true")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("emporium.shedding.shed")
                        .tag("reason", "queue_full")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("emporium.shedding.queue.wait").timer().count()).isEqualTo(2);
        assertThat(registry.get("emporium.shedding.in.flight").gauge().value()).isZero();
    }

    @Test
    void aWaiterIsShedWhenNoPermitReturnsWithinTheMaximumWait() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoadShedder shedder = new LoadShedder(1, 4, Duration.ofMillis(50), registry);
        assertThat(shedder.acquire()).isEqualTo(LoadShedder.Admission.ADMITTED);
        long start = System.nanoTime();
        assertThat(shedder.acquire()).isEqualTo(LoadShedder.Admission.WAIT_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(registry.get("emporium.shedding.shed")
                        .tag("reason", "wait_timeout")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("emporium.shedding.queued").gauge().value()).isZero();
        shedder.release();
    }

    @Test
    void underContentionRunningAndWaitingStayWithinTheirBoundsAndEveryRequestIsCounted() throws Exception {
        int maxConcurrent = 4;
        int queueSize = 3;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoadShedder shedder = new LoadShedder(maxConcurrent, queueSize, Duration.ofMillis(2), registry);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicLong admitted = new AtomicLong();
        AtomicLong shed = new AtomicLong();
        AtomicInteger maxQueued = new AtomicInteger();
        int threads = 32;
        int iterations = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        maxQueued.accumulateAndGet(
                                (int) registry.get("emporium.shedding.queued")
                                        .gauge()
                                        .value(),
                                Math::max);
                        if (shedder.acquire() != LoadShedder.Admission.ADMITTED) {
                            shed.incrementAndGet();
                            continue;
                        }
                        try {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            running.decrementAndGet();
                        } finally {
                            shedder.release();
                        }
                        admitted.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        }
        assertThat(maxRunning.get()).isBetween(1, maxConcurrent);
        assertThat(maxQueued.get()).isBetween(0, queueSize);
        assertThat(admitted.get() + shed.get()).isEqualTo((long) threads * iterations);
        double countedAdmitted = registry.get("emporium.shedding.admitted").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
        double countedShed = registry.get("emporium.shedding.shed").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
        assertThat((long) countedAdmitted).isEqualTo(admitted.get());
        assertThat((long) countedShed).isEqualTo(shed.get());
        assertThat(registry.get("emporium.shedding.in.flight").gauge().value()).isZero();
        assertThat(registry.get("emporium.shedding.queued").gauge().value()).isZero();
    }

    private static void awaitGauge(SimpleMeterRegistry registry, String name, double value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (registry.get(name).gauge().value() != value) {
            assertThat(System.nanoTime()).as("%s reaches %s", name, value).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
