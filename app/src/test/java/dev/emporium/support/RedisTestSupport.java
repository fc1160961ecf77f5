package dev.emporium.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * The Redis integration tests use: the machine's when {@code REDIS_URL} is set, otherwise one
 * embedded Redis per test JVM on a free loopback port. Only the embedded one can be stopped and
 * started again, for the outage tests.
 */
public final class RedisTestSupport {

    private static RedisServer server;
    private static int port;

    private RedisTestSupport() {}

    public static synchronized String url() {
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (server == null) {
            port = freePort();
            try {
                server = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(RedisTestSupport::stopQuietly));
        }
        return "redis://127.0.0.1:" + port;
    }

    /** True when the tests own the server and may stop it. */
    public static synchronized boolean restartable() {
        url();
        return server != null;
    }

    public static synchronized void stop() throws IOException {
        server.stop();
    }

    public static synchronized void start() throws IOException {
        if (!server.isActive()) {
            server.start();
        }
    }

    private static void stopQuietly() {
        try {
            if (server != null && server.isActive()) {
                server.stop();
            }
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
