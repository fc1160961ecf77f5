package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** audit_log keeps its configured horizon and no more, deleted by one node at a time. */
@IntegrationTest
class AuditRetentionTests {

    @Autowired
    AuditRetention retention;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void rowsOlderThanTheHorizonAreDeletedAndYoungerOnesKept() {
        String marker = "retention-" + UUID.randomUUID();
        insert(marker + "-old", "400 days");
        insert(marker + "-young", "300 days");
        retention.purge();
        assertThat(count(marker + "-old")).isZero();
        assertThat(count(marker + "-young")).isEqualTo(1);
    }

    @Test
    void whileAnotherNodeRunsTheRetentionThisOneDeletesNothing() throws Exception {
        String marker = "retention-" + UUID.randomUUID();
        insert(marker + "-old", "400 days");
        try (Connection otherNode = dataSource.getConnection();
                Statement statement = otherNode.createStatement()) {
            otherNode.setAutoCommit(false);
            statement.execute("select pg_advisory_xact_lock(hashtext('emporium.audit.retention'))");
            assertThat(retention.purge()).isZero();
            assertThat(count(marker + "-old")).isEqualTo(1);
            otherNode.rollback();
        }
        retention.purge();
        assertThat(count(marker + "-old")).isZero();
    }

    private void insert(String email, String age) {
        jdbc.sql(
                        "insert into audit_log (occurred_at, event, email) values (now() - cast(:age as interval), 'LOGIN_FAILED', :email)")
                .param("age", age)
                .param("email", email)
                .update();
    }

    private long count(String email) {
        return jdbc.sql("select count(*) from audit_log where email = :email")
                .param("email", email)
                .query(Long.class)
                .single();
    }
}
