package dev.emporium.platform.cache;

import dev.emporium.platform.web.WarmUpRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the hottest keys once the server listens, through its own loopback port so the entries are
 * exactly what a client would be served (both encodings). Runs on a virtual thread and stops when
 * its time budget is spent, so a slow database delays nothing but the warming. Its requests carry
 * the {@link WarmUpRequests} mark, which keeps them out of the request metrics.
 */
final class CacheWarmer {

    private static final Logger log = LoggerFactory.getLogger(CacheWarmer.class);

    private final List<CacheableRoutes> routes;
    private final Duration budget;

    CacheWarmer(List<CacheableRoutes> routes, Duration budget) {
        this.routes = routes;
        this.budget = budget;
    }

    void startWarming(int port) {
        Thread.ofVirtual().name("cache-warmer").start(() -> warm(port));
    }

    int warm(int port) {
        long deadline = System.nanoTime() + budget.toNanos();
        int warmed = 0;
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            for (CacheableRoutes r : routes) {
                for (String path : r.warmUp()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        log.info("Cache warming stopped at its budget of {} after {} entries", budget, warmed);
                        return warmed;
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofNanos(left))
                            .header("Accept-Encoding", "gzip")
                            .header(WarmUpRequests.HEADER, WarmUpRequests.mark())
                            .GET()
                            .build();
                    if (http.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        warmed++;
                    }
                }
            }
        } catch (Exception e) {
            log.warn("Cache warming gave up after {} entries: {}", warmed, e.toString());
            return warmed;
        }
        log.info("Cache warmed: {} entries in under {}", warmed, budget);
        return warmed;
    }
}
