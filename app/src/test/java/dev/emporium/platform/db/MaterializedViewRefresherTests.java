package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emporium.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The refresh mechanism: one node at a time (a node that finds the lock taken skips its round and
 * learns the age from the shared record), the timer and the age gauge per view, and the checks on
 * what a feature declares.
 */
@IntegrationTest
class MaterializedViewRefresherTests {

    private static final String VIEW = "analytics_dashboard";

    @Autowired
    MaterializedViewRefresher refresher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry registry;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aRoundRefreshesRecordsAndMeasures() {
        Timer timer = registry.get("emporium.db.view.refresh").tag("view", VIEW).timer();
        long before = timer.count();
        Instant started = Instant.now().minusSeconds(1);
        assertThat(refresher.refresh(VIEW)).isTrue();
        assertThat(timer.count()).isEqualTo(before + 1);
        Instant at = refresher.refreshedAt(VIEW).orElseThrow();
        assertThat(at).isAfter(started);
        assertThat(jdbc.sql("select refreshed_at from materialized_view_refreshes where view_name = :v")
                        .param("v", VIEW)
                        .query((rs, n) -> rs.getTimestamp(1).toInstant())
                        .single())
                .isEqualTo(at);
        assertThat(jdbc.sql("select distinct as_of from analytics_dashboard")
                        .query((rs, n) -> rs.getTimestamp(1).toInstant())
                        .list())
                .containsExactly(at);
        double age =
                registry.get("emporium.db.view.age").tag("view", VIEW).gauge().value();
        assertThat(age).isBetween(0.0, 60.0);
    }

    @Test
    void aNodeThatFindsTheLockTakenSkipsItsRoundAndLearnsTheAgeFromTheRecord() throws Exception {
        ExecutorService otherNode = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Instant[] otherRefresh = new Instant[1];
            Future<?> other =
                    otherNode.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
                        refresher.refreshNow(VIEW);
                        otherRefresh[0] = jdbc.sql("select now()")
                                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                                .single();
                        holding.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            assertThat(refresher.refresh(VIEW)).as("the lock is taken").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            release.countDown();
            other.get(60, TimeUnit.SECONDS);
            // the next round of this node after the other committed: it may refresh again, and the
            // record it reads is at least as new as the other node's
            assertThat(refresher.refresh(VIEW)).isTrue();
            assertThat(refresher.refreshedAt(VIEW).orElseThrow()).isAfterOrEqualTo(otherRefresh[0]);
        } finally {
            otherNode.shutdownNow();
        }
    }

    @Test
    void everyDeclaredViewHasATimerAndAnAgeGauge() {
        for (String view :
                new String[] {"fulfillment_stats", "analytics_daily_sales", "analytics_product_sales_30d", VIEW}) {
            assertThat(registry.get("emporium.db.view.refresh")
                            .tag("view", view)
                            .timer())
                    .isNotNull();
            assertThat(registry.get("emporium.db.view.age")
                            .tag("view", view)
                            .gauge()
                            .value())
                    .as(view)
                    .isNotNaN()
                    .isNotNegative();
        }
    }

    @Test
    void theRefreshSettingsLastForTheRefreshOnly() {
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            String timeout = setting("statement_timeout");
            assertThat(setting("enable_seqscan")).isEqualTo("on");
            // the fulfillment stats refresh with enable_seqscan = off and the long refresh timeout
            refresher.refreshNow("fulfillment_stats");
            assertThat(setting("enable_seqscan")).isEqualTo("on");
            assertThat(setting("statement_timeout")).isEqualTo(timeout);
        });
    }

    private String setting(String name) {
        return jdbc.sql("select current_setting(:name)")
                .param("name", name)
                .query(String.class)
                .single();
    }

    @Test
    void aDeclaredViewNameMustBeAPlainIdentifier() {
        assertThatThrownBy(() -> new RefreshedView("stats; drop table users", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RefreshedView("v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RefreshedView("v", Duration.ofSeconds(1), Map.of("work_mem = 1", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> refresher.refresh("no_such_view")).isInstanceOf(IllegalArgumentException.class);
    }
}
