package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.emporium.support.IntegrationTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A side read forks only while the pool has connections to spare, counts in the request, and reports its failure. */
@IntegrationTest
class SpareConnectionsTests {

    @Autowired
    SpareConnections spare;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void withConnectionsToSpareTheReadRunsBesideTheCallerAndCountsInItsRequest() throws Exception {
        awaitIdle(SpareConnections.IDLE_TO_FORK);
        RequestStatements scope = RequestStatements.open("GET /test");
        try {
            CountDownLatch callerWaits = new CountDownLatch(1);
            Thread caller = Thread.currentThread();
            SpareConnections.Read<Thread> read = spare.start(() -> {
                jdbc.sql("select 1").query(Integer.class).single();
                callerWaits.countDown();
                return Thread.currentThread();
            });
            assertThat(callerWaits.await(10, TimeUnit.SECONDS))
                    .as("the read runs before the caller joins it")
                    .isTrue();
            jdbc.sql("select 2").query(Integer.class).single();
            assertThat(read.join()).isNotSameAs(caller);
            assertThat(scope.count()).isEqualTo(2);
        } finally {
            RequestStatements.close();
        }
    }

    @Test
    void withoutConnectionsToSpareTheReadRunsInTheCallerWhenJoined() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize() - SpareConnections.IDLE_TO_FORK + 1; i++) {
                held.add(pool.getConnection());
            }
            Thread caller = Thread.currentThread();
            List<Thread> ranOn = new ArrayList<>();
            SpareConnections.Read<Integer> read = spare.start(() -> {
                ranOn.add(Thread.currentThread());
                return jdbc.sql("select 3").query(Integer.class).single();
            });
            assertThat(ranOn).as("nothing runs before the join").isEmpty();
            assertThat(read.join()).isEqualTo(3);
            assertThat(ranOn).containsExactly(caller);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void aFailedForkedReadThrowsItsOwnExceptionInTheCaller() throws Exception {
        awaitIdle(SpareConnections.IDLE_TO_FORK);
        SpareConnections.Read<Integer> read = spare.start(() -> {
            throw new IllegalArgumentException("the read failed");
        });
        assertThatThrownBy(read::join)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the read failed");
    }

    /** Hikari fills its pool in the background; a test that needs idle connections waits for them. */
    private void awaitIdle(int idle) throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        jdbc.sql("select 0").query(Integer.class).single();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getHikariPoolMXBean().getIdleConnections() < idle && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isGreaterThanOrEqualTo(idle);
    }
}
