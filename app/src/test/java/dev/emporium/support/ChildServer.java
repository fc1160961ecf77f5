package dev.emporium.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real server in a child JVM (this test JVM's class path, {@code -Xmx384m}, C1 only, so it starts
 * in seconds), for tests that kill it, cut it off from its database or load it over real sockets,
 * and a small HTTP client for it. Its log goes to {@code <name>.log} in the given directory and its
 * last lines into any assertion message about it.
 */
public final class ChildServer implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private ChildServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the application with these arguments (and environment) and waits until it is ready. */
    public static ChildServer start(String name, Path logDir, int port, Map<String, String> env, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.emporium.EmporiumApplication",
                "--server.port=" + port));
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildServer server = new ChildServer(process, log, port);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive())
                    .as("server %s exited during start-up:%n%s", name, server.tail())
                    .isTrue();
            try {
                if (server.get("/actuator/health/readiness", null).statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(250);
        }
        server.close();
        throw new AssertionError("server " + name + " not ready in time:\n" + server.tail());
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> get(String path, @Nullable String token) throws IOException {
        return send(request(path, token).GET().build());
    }

    public HttpResponse<String> post(String path, @Nullable String token, @Nullable String idempotencyKey, Object body)
            throws IOException {
        HttpRequest.Builder request = request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /** Logs in and returns the access token; fails the test on anything but 200. */
    public String login(String email, String password) throws IOException {
        return json(expect(200, post("/api/v1/auth/login", null, null, Map.of("email", email, "password", password))))
                .get("accessToken")
                .asString();
    }

    public static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hook, no graceful drain; its embedded PostgreSQL, if any, is orphaned. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(String path, @Nullable String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
