package dev.emporium.load.openloop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the JDK's own HTTP server on loopback: every arrival is sent once and counted once, by status. */
class FixedRateLoadTests {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> tokensSeen = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/read", exchange -> {
            int n = served.incrementAndGet();
            tokensSeen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            // every third request refused, alternately framed by length and chunked
            exchange.sendResponseHeaders(n % 3 == 0 ? 503 : 200, n % 2 == 0 ? body.length : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void everyScheduledArrivalIsAnsweredOnceAndCountedByStatus() throws IOException {
        FixedRateLoad.Options options = new FixedRateLoad.Options(
                url("/read?limit=20"),
                List.of("a", "b"),
                400,
                Duration.ofMillis(1500),
                8,
                Duration.ofSeconds(5),
                Duration.ofMillis(300),
                200,
                Duration.ofMillis(500));
        Outcomes outcomes = new FixedRateLoad(options, System.out, Duration.ofMillis(500)).run();

        assertThat(options.arrivals()).isEqualTo(600);
        assertThat(served.get())
                .as("60 warm-up requests, then the measured 600")
                .isEqualTo(660);
        assertThat(outcomes.status(200).count() + outcomes.status(503).count()).isEqualTo(600);
        assertThat(outcomes.status(503).count()).isEqualTo(200); // every third of 60 + 600
        assertThat(outcomes.timeouts()).isZero();
        assertThat(outcomes.failureCount()).isZero();
        assertThat(tokensSeen).containsOnly("Bearer a", "Bearer b").contains("Bearer a", "Bearer b");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        outcomes.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("RESULT arrivals=600 ")
                .contains(" ok=400 ")
                .contains(" refused=200 ")
                .contains(" other=0 timeouts=0 failed=0 ");
    }

    @Test
    void requestsThatOutliveTheTimeoutAreCountedAsTimedOutNotLost() throws IOException {
        FixedRateLoad.Options options = new FixedRateLoad.Options(
                url("/slow"),
                List.of(),
                20,
                Duration.ofMillis(250),
                2,
                Duration.ofMillis(500),
                Duration.ZERO,
                20,
                Duration.ZERO);
        Outcomes outcomes = new FixedRateLoad(options, System.out, Duration.ofMillis(500)).run();

        // 5 arrivals on at most 2 connections: every one waits past 500 ms, in flight or in the backlog
        assertThat(outcomes.timeouts() + outcomes.status(200).count()).isEqualTo(5);
        assertThat(outcomes.timeouts()).isGreaterThanOrEqualTo(2);
    }
}
