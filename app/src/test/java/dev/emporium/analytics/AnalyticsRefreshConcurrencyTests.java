package dev.emporium.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.platform.db.MaterializedViewRefresher;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A concurrent refresh does not block readers: while one transaction holds each view freshly
 * refreshed but not yet committed (its strongest lock, held until the end), requests keep answering
 * with the previous content. The transaction ends only after every read has answered, so a read that
 * waited for it would never answer (the test would time out). The same hold with a plain
 * (non-concurrent) refresh does block a reader, which shows the test can tell the difference.
 */
@IntegrationTest
class AnalyticsRefreshConcurrencyTests {

    private static final String[] PATHS = {
        "/api/v1/admin/stats", "/api/v1/admin/sales/daily", "/api/v1/admin/sales/top-products"
    };

    @Autowired
    MockMvc mvc;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    MaterializedViewRefresher refresher;

    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
    }

    @Test
    void readsContinueWhileEveryViewIsBeingRefreshedConcurrently() throws Exception {
        String admin = TestTokens.bearer(tokens, 1, "ADMIN");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch refreshedButOpen = new CountDownLatch(1);
            CountDownLatch readersDone = new CountDownLatch(1);
            Future<?> refresh =
                    pool.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
                        refresher.refreshNow(AnalyticsViews.DASHBOARD);
                        refresher.refreshNow(AnalyticsViews.DAILY_SALES);
                        refresher.refreshNow(AnalyticsViews.PRODUCT_SALES);
                        refreshedButOpen.countDown();
                        await(readersDone);
                    }));
            assertThat(refreshedButOpen.await(5, TimeUnit.MINUTES)).isTrue();
            AtomicInteger answered = new AtomicInteger();
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        mvc.perform(get(PATHS[i % PATHS.length]).header(HttpHeaders.AUTHORIZATION, admin))
                                .andExpect(status().isOk());
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get(2, TimeUnit.MINUTES);
            }
            assertThat(refresh.isDone())
                    .as("the refresh transaction is still open")
                    .isFalse();
            assertThat(answered.get()).isEqualTo(120);
            readersDone.countDown();
            refresh.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPlainRefreshWouldBlockTheSameRead() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Future<?> holder =
                    pool.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
                        jdbc.sql("refresh materialized view analytics_dashboard")
                                .update();
                        locked.countDown();
                        await(done);
                        tx.setRollbackOnly();
                    }));
            assertThat(locked.await(60, TimeUnit.SECONDS)).isTrue();
            try {
                assertThatThrownBy(() -> new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
                            jdbc.sql("set local lock_timeout = '300ms'").update();
                            jdbc.sql(AnalyticsRepository.DASHBOARD).query().listOfRows();
                        }))
                        .hasMessageContaining("lock timeout");
            } finally {
                done.countDown();
            }
            holder.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(2, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
