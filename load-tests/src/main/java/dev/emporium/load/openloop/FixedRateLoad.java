package dev.emporium.load.openloop;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * GET requests at a fixed arrival rate (open model), from one thread with non-blocking sockets.
 *
 * <p>Arrival {@code i} is scheduled at {@code start + i / rate}, whatever happened before it. It goes out
 * on an idle kept-alive connection, on a new one while fewer than {@code maxConnections} are open, or
 * otherwise waits in the generator's backlog; its latency is always counted from the scheduled time, so a
 * slow server (or a slow generator) cannot hide waiting requests (no coordinated omission). The dispatch
 * delay, scheduled time to the request's first byte written, is reported separately: while its p99 stays
 * around a millisecond, the figures are the server's and not the generator's.
 *
 * <pre>
 * java -cp load-tests/target/emporium-load-tests-*.jar dev.emporium.load.openloop.FixedRateLoad \
 *     --url 'http://127.0.0.1:8080/api/v1/wallet/transactions?limit=20' --tokens /tmp/tokens \
 *     --rate 5000 --duration 60 [--max-connections 512] [--timeout 10] [--warmup 20 [--warmup-rate 1500]] [--progress 5]
 * </pre>
 *
 * A warm-up (default none; at {@code --warmup-rate}, default the rate) runs first on the same connections,
 * its outcomes summed up in one line and not counted: it lets both JVMs compile their hot paths. The line
 * ({@code warm-up (not counted): ...}) is followed by a 2 s pause, for scripts that snapshot server metrics.
 *
 * Each request carries {@code Authorization: Bearer <token>} with a token drawn at random from the file
 * (one a line), when one is given. Loopback or a test network only: this is a load generator.
 */
public final class FixedRateLoad {

    /** What to send, how often and for how long. */
    record Options(
            URI url,
            List<String> tokens,
            double rate,
            Duration duration,
            int maxConnections,
            Duration timeout,
            Duration warmup,
            double warmupRate,
            Duration progress) {

        static Options parse(String[] args) throws IOException {
            URI url = null;
            List<String> tokens = List.of();
            double rate = 0;
            Duration duration = Duration.ofSeconds(60);
            int maxConnections = 512;
            Duration timeout = Duration.ofSeconds(10);
            Duration warmup = Duration.ZERO;
            double warmupRate = 0;
            Duration progress = Duration.ofSeconds(5);
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--url" -> url = URI.create(value);
                    case "--tokens" ->
                        tokens = Files.readAllLines(Path.of(value)).stream()
                                .map(String::strip)
                                .filter(line -> !line.isEmpty())
                                .toList();
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--duration" -> duration = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--max-connections" -> maxConnections = Integer.parseInt(value);
                    case "--timeout" -> timeout = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--warmup" -> warmup = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--warmup-rate" -> warmupRate = Double.parseDouble(value);
                    case "--progress" -> progress = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("every option takes a value: " + String.join(" ", args));
            }
            if (url == null || !"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("--url http://host:port/path is required");
            }
            if (rate <= 0 || duration.isNegative() || duration.isZero() || maxConnections < 1) {
                throw new IllegalArgumentException("--rate, --duration and --max-connections must be positive");
            }
            return new Options(
                    url,
                    tokens,
                    rate,
                    duration,
                    maxConnections,
                    timeout,
                    warmup,
                    warmupRate > 0 ? warmupRate : rate,
                    progress);
        }

        long arrivals() {
            return FixedRateLoad.arrivals(rate, duration);
        }
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        new FixedRateLoad(options, System.out, options.progress()).run().print(System.out);
    }

    private final Options options;
    private final InetSocketAddress address;
    private final List<byte[]> requests;
    private final SplittableRandom random = new SplittableRandom(20261124);
    private Outcomes outcomes = new Outcomes();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final ArrayDeque<Long> backlog = new ArrayDeque<>();
    private final Set<Connection> open = new HashSet<>();
    private final PrintStream progress;
    private final long progressEvery;
    private int busy;

    /** {@code progress}: where a line per {@code progressEvery} goes during the run (zero: none). */
    FixedRateLoad(Options options, PrintStream progress, Duration progressEvery) {
        this.options = options;
        this.progress = progress;
        this.progressEvery = progressEvery.toNanos();
        URI url = options.url();
        int port = url.getPort() < 0 ? 80 : url.getPort();
        this.address = new InetSocketAddress(url.getHost(), port);
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String head = "GET " + target + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port
                + "\r\nAccept: application/json\r\nUser-Agent: emporium-fixed-rate-load\r\n";
        this.requests = options.tokens().isEmpty()
                ? List.of((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1))
                : options.tokens().stream()
                        .map(token -> (head + "Authorization: Bearer " + token + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1))
                        .toList();
    }

    /** The warm-up (if any, its outcomes printed as one line and dropped), then the measured run. */
    Outcomes run() throws IOException {
        try (Selector selector = Selector.open()) {
            if (!options.warmup().isZero()) {
                outcomes = new Outcomes();
                phase(selector, options.warmupRate(), arrivals(options.warmupRate(), options.warmup()));
                progress.println("warm-up (not counted): " + outcomes.brief());
                progress.flush();
                pause(WARMUP_PAUSE);
            }
            Outcomes measured = new Outcomes();
            outcomes = measured;
            phase(selector, options.rate(), options.arrivals());
            for (Connection connection : new ArrayList<>(open)) {
                close(connection);
            }
            return measured;
        }
    }

    /** Between warm-up and measurement, so a script that watches for the warm-up line can take its snapshots. */
    private static final Duration WARMUP_PAUSE = Duration.ofSeconds(2);

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long arrivals(double rate, Duration duration) {
        return (long) Math.floor(rate * duration.toNanos() / 1e9);
    }

    /** Schedules {@code arrivals} at {@code rate} from now and returns once every one is answered or timed out. */
    private void phase(Selector selector, double rate, long arrivals) throws IOException {
        double interval = 1e9 / rate;
        long timeout = options.timeout().toNanos();
        long start = System.nanoTime() + 10_000_000;
        long next = 0;
        long lastTimeoutSweep = start;
        long nextProgress = start + progressEvery;
        while (true) {
            long now = System.nanoTime();
            while (next < arrivals && start + (long) (next * interval) <= now) {
                backlog.add(start + (long) (next * interval));
                next++;
            }
            while (!backlog.isEmpty()) {
                Connection connection = idle.pollLast();
                if (connection == null) {
                    if (open.size() >= options.maxConnections()) {
                        break;
                    }
                    connection = connect(selector);
                    if (connection == null) {
                        break; // counted; the backlog waits for the next round
                    }
                }
                send(connection, backlog.poll(), now);
            }
            outcomes.backlog(backlog.size());
            if (progressEvery > 0 && now >= nextProgress) {
                outcomes.progress(progress, (now - start) / 1e9, busy, backlog.size());
                nextProgress += progressEvery;
            }
            if (now - lastTimeoutSweep > 5_000_000) {
                expire(now, timeout);
                lastTimeoutSweep = now;
            }
            if (next >= arrivals && backlog.isEmpty() && busy == 0) {
                break;
            }
            long wait = next < arrivals ? start + (long) (next * interval) - now : 5_000_000;
            if (wait >= 1_000_000) {
                selector.select(Math.min(wait, 5_000_000) / 1_000_000);
            } else {
                selector.selectNow();
            }
            long ready = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                handle((Connection) key.attachment(), key, ready);
            }
            selector.selectedKeys().clear();
        }
        outcomes.finish(start, System.nanoTime(), arrivals);
    }

    private @Nullable Connection connect(Selector selector) {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection connection = new Connection(channel);
            boolean connected = channel.connect(address);
            connection.key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, connection);
            connection.connected = connected;
            open.add(connection);
            outcomes.opened(open.size());
            return connection;
        } catch (IOException e) {
            // the request stays in the backlog and the next loop tries again; the failure is counted
            outcomes.error("connect: " + e.getClass().getSimpleName());
            return null;
        }
    }

    private void send(Connection connection, long intended, long now) {
        connection.intended = intended;
        connection.out = ByteBuffer.wrap(requests.get(random.nextInt(requests.size())));
        busy++;
        outcomes.busy(busy, open.size());
        if (connection.connected) {
            write(connection, now);
        }
    }

    private void write(Connection connection, long now) {
        ByteBuffer out = connection.out;
        try {
            if (out.position() == 0) {
                outcomes.dispatched(now - connection.intended);
            }
            connection.channel.write(out);
            connection.key.interestOps(
                    out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            fail(connection, "write: " + e.getClass().getSimpleName(), now);
        }
    }

    private void handle(Connection connection, SelectionKey key, long now) {
        if (!key.isValid()) {
            return;
        }
        String stage = "connect: ";
        try {
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                connection.connected = true;
                key.interestOps(0);
                if (connection.intended >= 0) {
                    write(connection, now);
                }
                return;
            }
            stage = "read: ";
            if (key.isWritable()) {
                write(connection, now);
            }
            if (key.isValid() && key.isReadable()) {
                read(connection, now);
            }
        } catch (IOException e) {
            fail(connection, stage + e.getClass().getSimpleName(), now);
        }
    }

    private void read(Connection connection, long now) throws IOException {
        if (connection.in.length - connection.size < 4096) {
            connection.in = Arrays.copyOf(connection.in, connection.in.length * 2);
        }
        int read = connection.channel.read(
                ByteBuffer.wrap(connection.in, connection.size, connection.in.length - connection.size));
        if (read < 0) {
            if (connection.intended >= 0) {
                fail(connection, "closed by the server before the response", now);
            } else {
                close(connection);
            }
            return;
        }
        connection.size += read;
        ResponseFrame frame;
        try {
            frame = ResponseFrame.find(connection.in, connection.size);
        } catch (ResponseFrame.MalformedResponse | NumberFormatException e) {
            fail(connection, "malformed response", now);
            return;
        }
        if (frame == null) {
            return;
        }
        if (connection.intended < 0 || frame.length() != connection.size) {
            fail(connection, "unexpected bytes after a response", now);
            return;
        }
        outcomes.answered(frame.status(), now - connection.intended);
        connection.intended = -1;
        connection.size = 0;
        busy--;
        if (frame.closes()) {
            close(connection);
        } else if (!backlog.isEmpty()) {
            send(connection, backlog.poll(), now);
        } else {
            idle.add(connection);
        }
    }

    /**
     * Requests older than the timeout are counted as timed out: those in flight (their connections are
     * closed) and those still waiting in the backlog.
     */
    private void expire(long now, long timeout) {
        while (!backlog.isEmpty() && now - backlog.element() > timeout) {
            backlog.remove();
            outcomes.timedOut();
        }
        for (Connection connection : new ArrayList<>(open)) {
            if (connection.intended >= 0 && now - connection.intended > timeout) {
                outcomes.timedOut();
                busy--;
                connection.intended = -1;
                close(connection);
            }
        }
    }

    private void fail(Connection connection, String reason, long now) {
        if (connection.intended >= 0) {
            outcomes.failed(reason, now - connection.intended);
            connection.intended = -1;
            busy--;
        } else {
            outcomes.error(reason);
        }
        close(connection);
    }

    private void close(Connection connection) {
        open.remove(connection);
        idle.remove(connection);
        connection.key.cancel();
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // closing a socket that already failed: nothing left to release
        }
    }

    /** One kept-alive connection and the request on it, if any. */
    private static final class Connection {
        final SocketChannel channel;

        @SuppressWarnings("NullAway.Init") // set right after registration, before any use
        SelectionKey key;

        boolean connected;
        /** Scheduled arrival of the request in flight (System.nanoTime()), or -1 when idle. */
        long intended = -1;

        ByteBuffer out = ByteBuffer.allocate(0);
        byte[] in = new byte[16 * 1024];
        int size;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }
}
