package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** "Slow" must mean slow at run time, logged once per shape, never with the parameters. */
class SlowStatementLogTests {

    static final String SHAPE = "select id\n  from users\n where email = ?";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SlowStatementLog slowLog = new SlowStatementLog(registry, Duration.ofMillis(100), Duration.ofMinutes(1));
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(SlowStatementLog.class);

    @BeforeEach
    void captureLog() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(lines);
        RequestStatements.close();
    }

    @Test
    void startUpWorkIsNeitherTimedNorJudged() {
        run(5_000);
        assertThat(slowCount("background")).isZero();
        assertThat(registry.find("emporium.db.statements").timers()).allMatch(t -> t.count() == 0);
        assertThat(lines.list).isEmpty();
    }

    @Test
    void aSlowRequestStatementIsCountedAndLoggedWithItsShapeAndEndpoint() {
        slowLog.applicationReady();
        RequestStatements.open("GET /api/v1/me");
        run(250);
        assertThat(slowCount("request")).isEqualTo(1);
        assertThat(lines.list)
                .singleElement()
                .satisfies(line -> assertThat(line.getFormattedMessage())
                        .contains("250 ms", "GET /api/v1/me", "select id from users where email = ?")
                        .doesNotContain("alice@"));
        assertThat(RequestStatements.current().count()).isEqualTo(1);
    }

    @Test
    void fastStatementsAreTimedButNotReported() {
        slowLog.applicationReady();
        run(3);
        assertThat(slowCount("background")).isZero();
        assertThat(registry.get("emporium.db.statements")
                        .tag("origin", "background")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(lines.list).isEmpty();
    }

    @Test
    void aRepeatedSlowShapeIsLoggedOnceAndCountedEveryTime() {
        slowLog.applicationReady();
        for (int i = 0; i < 5; i++) {
            run(150);
        }
        assertThat(slowCount("background")).isEqualTo(5);
        assertThat(lines.list).hasSize(1);
    }

    @Test
    void theLatestSlowStatementsAreKeptNewestFirstAndBounded() {
        slowLog.applicationReady();
        for (int i = 0; i < SlowStatementLog.RECENT + 5; i++) {
            run(100 + i);
        }
        run(5);
        assertThat(slowLog.recent()).hasSize(SlowStatementLog.RECENT);
        assertThat(slowLog.recent().getFirst().millis()).isEqualTo(100 + SlowStatementLog.RECENT + 4);
        assertThat(slowLog.recent().getFirst().endpoint()).isEqualTo("background");
        assertThat(slowLog.recent().getFirst().sql()).contains("select id from users where email = ?");
    }

    private void run(long elapsedMillis) {
        ExecutionInfo execution = new ExecutionInfo();
        execution.setElapsedTime(elapsedMillis);
        QueryInfo query = new QueryInfo(SHAPE);
        slowLog.afterQuery(execution, List.of(query));
    }

    private double slowCount(String origin) {
        return registry.get("emporium.db.slow.statements")
                .tag("origin", origin)
                .counter()
                .count();
    }
}
