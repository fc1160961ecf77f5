package dev.emporium.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Runs a read beside the request's own statements on a second pooled connection, but only while the pool
 * has connections to spare: a request with two independent reads then waits for the slower one instead of
 * for their sum. Under load the pool has nothing idle and the read runs in the caller, after the others, as
 * if this class did not exist: a forked read never makes another request wait for a connection, so the pool
 * is still never the queue (the load shedder bounds requests, not connections).
 *
 * <p>A forked read counts in the request's statement scope ({@link RequestStatements}). Its exceptions are
 * thrown by {@link Read#join()}, in the caller. Meter: {@code emporium.db.side.reads{mode=forked|inline}}.
 */
@Component
@NamedInterface("db")
public class SpareConnections {

    /** Idle connections the pool must have to fork: the forked read's, the caller's, and one for whoever comes next. */
    static final int IDLE_TO_FORK = 3;

    private final @Nullable HikariDataSource pool;
    private final Counter forked;
    private final Counter inline;

    SpareConnections(DataSource dataSource, MeterRegistry registry) {
        this.pool = poolOf(dataSource);
        this.forked = counter(registry, "forked");
        this.inline = counter(registry, "inline");
    }

    private static Counter counter(MeterRegistry registry, String mode) {
        return Counter.builder("emporium.db.side.reads")
                .description("Reads a request ran beside its own statements: on a spare connection, or after them")
                .tag("mode", mode)
                .register(registry);
    }

    private static @Nullable HikariDataSource poolOf(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** A read started now on a spare connection, or, when none is spare, to be run by {@link Read#join()}. */
    public <T> Read<T> start(Supplier<T> read) {
        // null until the pool's first connection: Hikari starts lazily
        HikariPoolMXBean connections = pool == null ? null : pool.getHikariPoolMXBean();
        if (connections != null && connections.getIdleConnections() >= IDLE_TO_FORK) {
            forked.increment();
            RequestStatements scope = RequestStatements.current();
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread.ofVirtual().name("side-read").start(() -> {
                RequestStatements.enter(scope);
                try {
                    result.complete(read.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    RequestStatements.enter(null);
                }
            });
            return new Read<>(result, null);
        }
        inline.increment();
        return new Read<>(null, read);
    }

    /** The outcome of {@link #start}: exactly one of a running read or one still to run. */
    @NamedInterface("db")
    public static final class Read<T> {

        private final @Nullable CompletableFuture<T> running;
        private final @Nullable Supplier<T> deferred;

        private Read(@Nullable CompletableFuture<T> running, @Nullable Supplier<T> deferred) {
            this.running = running;
            this.deferred = deferred;
        }

        /** The read's value: waits for the forked read, or runs the deferred one here; rethrows its exception. */
        public T join() {
            if (running == null) {
                return Objects.requireNonNull(deferred, "a read is forked or deferred")
                        .get();
            }
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return running.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
