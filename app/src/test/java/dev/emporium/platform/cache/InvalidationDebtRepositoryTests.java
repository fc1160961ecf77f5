package dev.emporium.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The debts' table on PostgreSQL: renewals survive a concurrent settlement, records survive their caller's transaction. */
@IntegrationTest
class InvalidationDebtRepositoryTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aDebtRenewedWhileItWasBeingSettledIsNotDropped() {
        var debts = new InvalidationDebtRepository(jdbc, transactions);
        String cache = "debt-" + UUID.randomUUID();
        debts.record(cache);
        long read = debts.owed().get(cache);
        debts.record(cache);
        assertThat(debts.settle(cache, read)).isFalse();
        long renewed = debts.owed().get(cache);
        assertThat(debts.settle(cache, renewed)).isTrue();
        assertThat(debts.owed()).doesNotContainKey(cache);
    }

    @Test
    void aDebtRecordedInsideATransactionThatRollsBackIsStillKept() {
        var debts = new InvalidationDebtRepository(jdbc, transactions);
        String cache = "debt-" + UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            debts.record(cache);
            status.setRollbackOnly();
        });
        assertThat(debts.owed()).containsKey(cache);
        debts.settle(cache, debts.owed().get(cache));
    }
}
