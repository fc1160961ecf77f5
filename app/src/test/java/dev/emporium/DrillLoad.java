package dev.emporium;

import dev.emporium.support.ChildServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A steady closed-loop load for the fault drills: each client thread in turn reads a product (cacheable),
 * a product page (cacheable) and its customer's wallet history (never cached: always the database), a few milliseconds apart,
 * and every answer is kept as a {@link Sample} with its start and end on {@link System#nanoTime()}.
 */
final class DrillLoad implements AutoCloseable {

    /** One request; {@code status} -1 when no HTTP answer came (refused, reset, timed out). */
    record Sample(
            long start,
            long end,
            String kind,
            int status,
            @Nullable String contentType,
            boolean retryAfter) {

        long millis() {
            return (end - start) / 1_000_000;
        }

        /** A failure the way an outage should fail: 503 problem+json that says when to retry. */
        boolean cleanUnavailable() {
            return status == 503
                    && retryAfter
                    && contentType != null
                    && contentType.startsWith("application/problem+json");
        }
    }

    record Figures(int total, int failed, long worstMillis) {}

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();

    private DrillLoad() {}

    static DrillLoad start(ChildServer server, List<String> tokens, List<Long> products, int threads) {
        DrillLoad load = new DrillLoad();
        for (int t = 0; t < threads; t++) {
            int client = t;
            String token = tokens.get(t % tokens.size());
            load.clients.add(Thread.ofPlatform()
                    .name("drill-client-" + t)
                    .start(() -> load.run(server, token, products, new SplittableRandom(7 + client))));
        }
        return load;
    }

    private void run(ChildServer server, String token, List<Long> products, SplittableRandom random) {
        for (int n = 0; !stop.get(); n++) {
            String kind = switch (n % 3) {
                case 0 -> "product";
                case 1 -> "page";
                default -> "history";
            };
            String path = switch (kind) {
                case "product" -> "/api/v1/products/" + products.get(random.nextInt(products.size()));
                case "page" -> "/api/v1/products?limit=5&sort=price_asc&offset=" + 5 * random.nextInt(6);
                default -> "/api/v1/wallet/transactions?limit=5";
            };
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = server.get(path, kind.equals("history") ? token : null);
                samples.add(new Sample(
                        start,
                        System.nanoTime(),
                        kind,
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        response.headers().firstValue("Retry-After").isPresent()));
            } catch (IOException e) {
                samples.add(new Sample(start, System.nanoTime(), kind, -1, null, false));
            }
            ChildServer.sleep(5);
        }
    }

    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    List<Sample> failures() {
        return samples.stream().filter(s -> s.status() != 200).toList();
    }

    List<Sample> failuresStartingAfter(long nanos) {
        return failures().stream().filter(s -> s.start() > nanos).toList();
    }

    /** When the first wallet-history read that began after {@code since} was answered 200, or null. */
    @Nullable
    Long firstDatabaseSuccessStartingAfter(long since) {
        return samples.stream()
                .filter(s -> s.kind().equals("history") && s.status() == 200 && s.start() > since)
                .map(Sample::end)
                .min(Long::compare)
                .orElse(null);
    }

    Figures figures() {
        List<Sample> all = List.copyOf(samples);
        return new Figures(
                all.size(),
                (int) all.stream().filter(s -> s.status() != 200).count(),
                all.stream().mapToLong(Sample::millis).max().orElse(0));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
