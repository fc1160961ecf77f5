package dev.emporium.platform.db;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Database observation settings.
 *
 * @param slowStatementThreshold statements at least this slow are logged and counted as slow
 * @param slowStatementLogInterval one log line per SQL shape at most this often
 */
@ConfigurationProperties("emporium.db")
public record DbProperties(
        @DefaultValue("100ms") Duration slowStatementThreshold,
        @DefaultValue("60s") Duration slowStatementLogInterval) {}
