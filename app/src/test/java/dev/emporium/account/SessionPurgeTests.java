package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class SessionPurgeTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SessionPurge purge;

    @Test
    void purgeRemovesSessionsEndedMoreThanADayAgoAndKeepsTheRest() throws Exception {
        AuthClient client = new AuthClient(mvc, json);
        byte[] longGone =
                TokenIssuer.hash(client.newCustomerSession().get("refreshToken").asString());
        byte[] justExpired =
                TokenIssuer.hash(client.newCustomerSession().get("refreshToken").asString());
        byte[] live =
                TokenIssuer.hash(client.newCustomerSession().get("refreshToken").asString());
        expire(longGone, "25 hours");
        expire(justExpired, "23 hours");

        purge.purge();

        assertThat(exists(longGone)).isFalse();
        assertThat(exists(justExpired)).isTrue();
        assertThat(exists(live)).isTrue();
    }

    private void expire(byte[] hash, String ago) {
        jdbc.sql("update sessions set expires_at = now() - cast(:ago as interval) where refresh_token_hash = :hash")
                .param("ago", ago)
                .param("hash", hash)
                .update();
    }

    private boolean exists(byte[] hash) {
        return jdbc.sql("select count(*) from sessions where refresh_token_hash = :hash")
                        .param("hash", hash)
                        .query(Long.class)
                        .single()
                == 1;
    }
}
