package dev.emporium.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one mechanism behind {@code statement_timeout} per {@link QueryClass}:
 *
 * <ul>
 *   <li>every pooled connection starts with the {@link QueryClass#REQUEST} bound, so whatever runs on the request
 *       path without asking is bounded short ({@link StatementTimeoutConfiguration});
 *   <li>a long operation raises the bound for its own transaction only with {@link #apply}
 *       ({@code set_config('statement_timeout', …, true)}, i.e. {@code SET LOCAL}): it ends with the transaction,
 *       so the connection goes back to the pool with the request bound whatever happened;
 *   <li>bulk work that runs many statements outside one transaction (the data generator) runs inside
 *       {@link #unbounded}: one pooled connection, bound to the thread for the duration, without a statement or
 *       socket limit, reset before it returns to the pool.
 * </ul>
 */
@NamedInterface("db")
@Component
public class StatementTimeouts {

    private static final String SET_LOCAL = "select set_config('statement_timeout', :millis, true)";

    private final DbProperties.StatementTimeoutClasses bounds;
    private final DataSource dataSource;
    private final JdbcClient jdbc;

    StatementTimeouts(DbProperties properties, DataSource dataSource, JdbcClient jdbc) {
        this.bounds = properties.statementTimeouts();
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** The bound of a class; zero means none. */
    public Duration bound(QueryClass queryClass) {
        return switch (queryClass) {
            case REQUEST -> bounds.request();
            case REPORT -> bounds.report();
            case BULK -> Duration.ZERO;
        };
    }

    /**
     * Statements of the current transaction from here on run under {@code queryClass}'s bound; the setting ends with
     * the transaction. Must be called inside one (outside, {@code SET LOCAL} would change nothing).
     */
    public void apply(QueryClass queryClass) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a statement class applies to a transaction; none is active");
        }
        jdbc.sql(SET_LOCAL)
                .param("millis", Long.toString(bound(queryClass).toMillis()))
                .query((rs, n) -> rs.getString(1))
                .single();
    }

    /**
     * Runs {@code work} in the {@link QueryClass#BULK} class: every statement it runs on this thread (outside
     * transactions and inside them) uses one pooled connection without a statement or socket limit. Nested calls
     * run inside the outer scope. Only for bulk work off the request path (it holds a connection throughout).
     */
    public <T> T unbounded(Supplier<T> work) {
        if (TransactionSynchronizationManager.hasResource(dataSource)) {
            if (TransactionSynchronizationManager.getResource(dataSource) instanceof Scope) {
                return work.get();
            }
            throw new IllegalStateException("bulk work must start outside a transaction");
        }
        try (Connection connection = dataSource.getConnection()) {
            int networkTimeout = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, 0);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set statement_timeout = 0");
            }
            TransactionSynchronizationManager.bindResource(dataSource, new Scope(connection));
            try {
                return work.get();
            } finally {
                TransactionSynchronizationManager.unbindResource(dataSource);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("reset statement_timeout");
                }
                connection.setNetworkTimeout(Runnable::run, networkTimeout);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare or reset the bulk connection", e);
        }
    }

    /** {@link #unbounded(Supplier)} for work without a result. */
    public void unbounded(Runnable work) {
        unbounded(() -> {
            work.run();
            return null;
        });
    }

    /** The bulk scope's connection, as Spring's JDBC and transaction support find it bound to the thread. */
    private static final class Scope extends ConnectionHolder {
        Scope(Connection connection) {
            super(connection);
        }
    }
}
