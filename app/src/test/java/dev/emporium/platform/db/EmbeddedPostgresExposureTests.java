package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded PostgreSQL listens on loopback only and lets in only clients with its password. */
@IntegrationTest
class EmbeddedPostgresExposureTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theEmbeddedServerListensOnLoopbackOnly() {
        assertThat(jdbc.sql("show listen_addresses").query(String.class).single())
                .isEqualTo("localhost");
    }

    @Test
    void theApplicationConnectsWithThePasswordWhereAClientWithoutItIsRefused() {
        Integer port =
                jdbc.sql("select inet_server_port()").query(Integer.class).single();
        assertThat(port).isNotNull();
        EmbeddedPostgresPasswordTests.assertRefusedWithoutPassword(port);
        assertThat(jdbc.sql("show password_encryption").query(String.class).single())
                .isEqualTo("scram-sha-256");
    }
}
