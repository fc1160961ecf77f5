package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emporium.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every pooled connection carries the request class's statement limit, so a hung query cannot hold a connection for
 * long; a report raises it for its own transaction only, bulk work lifts it on one connection for its duration.
 */
@IntegrationTest
class StatementTimeoutTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StatementTimeouts timeouts;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void pooledConnectionsCarryTheRequestClassBound() {
        assertThat(setting()).isEqualTo("3s");
        assertThat(timeouts.bound(QueryClass.REQUEST)).hasSeconds(3);
    }

    @Test
    void aReportRaisesTheBoundForItsTransactionOnlyAndTheConnectionReturnsWithTheRequestBound() {
        TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);
        String inside = readOnly.execute(tx -> {
            timeouts.apply(QueryClass.REPORT);
            return setting();
        });
        assertThat(inside).isEqualTo("30s");
        // the pool has ten connections; each must come back with the request bound
        for (int i = 0; i < 20; i++) {
            assertThat(setting()).isEqualTo("3s");
        }
        String bulk = readOnly.execute(tx -> {
            timeouts.apply(QueryClass.BULK);
            return setting();
        });
        assertThat(bulk).isEqualTo("0");
        assertThat(setting()).isEqualTo("3s");
    }

    @Test
    void aClassAppliesOnlyToATransaction() {
        assertThatThrownBy(() -> timeouts.apply(QueryClass.REPORT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bulkWorkRunsOnOneUnboundedConnectionInsideAndOutsideTransactionsAndGivesItBackReset() {
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        String[] seen = new String[4];
        timeouts.unbounded(() -> {
            seen[0] = setting();
            seen[1] = transaction.execute(tx -> setting());
            // nested: runs in the same scope
            timeouts.unbounded(() -> {
                seen[2] = setting();
            });
            // a long statement outside any transaction: over the request bound, not cancelled
            jdbc.sql("select pg_sleep(3.5)").query((rs, n) -> 1).single();
            seen[3] = "slept";
        });
        assertThat(seen).containsExactly("0", "0", "0", "slept");
        for (int i = 0; i < 20; i++) {
            assertThat(setting()).isEqualTo("3s");
        }
    }

    @Test
    void theSameSleepIsCancelledInTheRequestClassAndCompletesInTheReportClass() {
        assertThatThrownBy(() ->
                        jdbc.sql("select pg_sleep(3.5)").query((rs, n) -> 1).single())
                .as("cancelled at the request bound (SQLSTATE 57014), which the API answers with 503")
                .satisfies(e -> assertThat(TransactionRetry.sqlState(e)).isEqualTo("57014"));
        TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);
        Integer slept = readOnly.execute(tx -> {
            timeouts.apply(QueryClass.REPORT);
            return jdbc.sql("select pg_sleep(3.5)").query((rs, n) -> 1).single();
        });
        assertThat(slept).isEqualTo(1);
    }

    private String setting() {
        return jdbc.sql("show statement_timeout").query(String.class).single();
    }
}
