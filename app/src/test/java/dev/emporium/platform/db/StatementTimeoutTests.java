package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every pooled connection carries a statement limit, so a hung query cannot hold a connection forever. */
@IntegrationTest
class StatementTimeoutTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void pooledConnectionsCarryTheConfiguredStatementTimeout() {
        assertThat(jdbc.sql("show statement_timeout").query(String.class).single())
                .isEqualTo("15s");
    }
}
