package dev.emporium.platform.db;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Database observation settings and statement bounds.
 *
 * @param slowStatementThreshold statements at least this slow are logged and counted as slow
 * @param slowStatementLogInterval one log line per SQL shape at most this often
 * @param viewRefreshTimeout {@code statement_timeout} of a materialized view's refresh, which reads far more
 *     than a request may (the request path's timeout is the connection's)
 * @param statementTimeouts the bound of each {@link QueryClass} ({@link StatementTimeouts})
 */
@ConfigurationProperties("emporium.db")
public record DbProperties(
        @DefaultValue("100ms") Duration slowStatementThreshold,
        @DefaultValue("60s") Duration slowStatementLogInterval,
        @DefaultValue("10m") Duration viewRefreshTimeout,
        @DefaultValue StatementTimeoutClasses statementTimeouts) {

    /**
     * {@code emporium.db.statement-timeouts.*}.
     *
     * @param request every pooled connection's {@code statement_timeout}: reads and writes on the request path
     * @param report raised to for one read-only transaction by admin reports and exports; never below
     *     {@code request} (a request bound set above it, e.g. through {@code EMPORIUM_DB_STATEMENT_TIMEOUT_MS}, lifts
     *     the report bound with it rather than shortening reports)
     */
    public record StatementTimeoutClasses(
            @DefaultValue("3s") Duration request,
            @DefaultValue("30s") Duration report) {

        static final Duration DEFAULT_REQUEST = Duration.ofSeconds(3);

        public StatementTimeoutClasses {
            if (request.isNegative() || request.isZero()) {
                throw new IllegalArgumentException("emporium.db.statement-timeouts.request must be positive");
            }
            report = report.compareTo(request) < 0 ? request : report;
        }
    }
}
