package dev.emporium.platform.db;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Database observation settings.
 *
 * @param slowStatementThreshold statements at least this slow are logged and counted as slow
 * @param slowStatementLogInterval one log line per SQL shape at most this often
 * @param viewRefreshTimeout {@code statement_timeout} of a materialized view's refresh, which reads far more
 *     than a request may (the request path's timeout is the connection's)
 */
@ConfigurationProperties("emporium.db")
public record DbProperties(
        @DefaultValue("100ms") Duration slowStatementThreshold,
        @DefaultValue("60s") Duration slowStatementLogInterval,
        @DefaultValue("10m") Duration viewRefreshTimeout) {}
