package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded PostgreSQL trusts local connections, so it must listen on loopback only. */
@IntegrationTest
class EmbeddedPostgresExposureTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theEmbeddedServerListensOnLoopbackOnly() {
        assertThat(jdbc.sql("show listen_addresses").query(String.class).single())
                .isEqualTo("localhost");
    }
}
