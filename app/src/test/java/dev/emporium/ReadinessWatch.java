package dev.emporium;

import dev.emporium.support.ChildServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/** Polls a server's readiness every 100 ms and keeps what it answered when, for the fault drills. */
final class ReadinessWatch implements AutoCloseable {

    private record Probe(long at, int status) {}

    private final ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread poller;

    private ReadinessWatch(ChildServer server) {
        poller = Thread.ofPlatform().name("drill-readiness").start(() -> {
            while (!stop.get()) {
                int status;
                try {
                    status = server.get("/actuator/health/readiness", null).statusCode();
                } catch (IOException e) {
                    status = -1;
                }
                probes.add(new Probe(System.nanoTime(), status));
                ChildServer.sleep(100);
            }
        });
    }

    static ReadinessWatch start(ChildServer server) {
        return new ReadinessWatch(server);
    }

    boolean sawDownAfter(long nanos) {
        return probes.stream().anyMatch(p -> p.at() >= nanos && p.status() != 200);
    }

    /** When readiness first answered 200 after {@code since}; fails after {@code timeout}. */
    long awaitUp(long since, Duration timeout) {
        long deadline = since + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Long up = probes.stream()
                    .filter(p -> p.at() > since && p.status() == 200)
                    .map(Probe::at)
                    .min(Long::compare)
                    .orElse(null);
            if (up != null) {
                return up;
            }
            ChildServer.sleep(50);
        }
        throw new AssertionError("readiness not UP within " + timeout + " of the database's return");
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        poller.join(10_000);
    }
}
