package dev.emporium.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The "slow database" case: a row lock held by another session makes a request's statement wait; the statement is
 * cancelled at the pooled connections' {@code statement_timeout} (the request class: 1 s here instead of 3 s) and the
 * request answers 503 problem+json with {@code Retry-After}, while requests that do not need the lock keep answering.
 * A report (the reconciliation, {@link QueryClass#REPORT}: 10 s here) waits out the same kind of stall and answers.
 */
@IntegrationTest
@TestPropertySource(properties = {"EMPORIUM_DB_STATEMENT_TIMEOUT_MS=1000", "emporium.db.statement-timeouts.report=10s"})
class SlowStatementTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DataSource dataSource;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder encoder;

    @Test
    void aStatementWaitingOnALockFailsAtItsTimeoutWith503AndOtherRequestsKeepAnswering() throws Exception {
        long userId = accounts.createUser(
                "locked-" + UUID.randomUUID() + "@example.test", "a long enough password", "Locked", Role.CUSTOMER);
        String admin = TestTokens.bearer(encoder, 999_999_999L, "ADMIN");
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select id from users where id = ? for update")) {
                lock.setLong(1, userId);
                lock.executeQuery().close();
            }
            mvc.perform(patch("/api/v1/admin/users/" + userId + "/role")
                            .header("Authorization", admin)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"role\":\"STAFF\"}"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("time limit")));
            mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
            holder.rollback();
        }
        mvc.perform(patch("/api/v1/admin/users/" + userId + "/role")
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"STAFF\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("STAFF"));
    }

    @Test
    void aRequestClassReadIsCancelledAtItsBoundWhileAReportWaitsOutTheSameStall() throws Exception {
        String admin = TestTokens.bearer(encoder, 999_999_999L, "ADMIN");
        String reconciliation = "/api/v1/admin/supply/reconciliation?from=2020-01-01&to=2020-03-31";
        // unstalled, both answer (and the context's first-request work is out of the timings below)
        mvc.perform(get("/api/v1/admin/supply/deliveries").header("Authorization", admin))
                .andExpect(status().isOk());
        mvc.perform(get(reconciliation).header("Authorization", admin)).andExpect(status().isOk());
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                // every read of deliveries now waits for this session, as behind a long migration or a stuck job
                lock.execute("lock table deliveries in access exclusive mode");
            }
            long started = System.nanoTime();
            mvc.perform(get("/api/v1/admin/supply/deliveries").header("Authorization", admin))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"));
            long requestMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(requestMillis).as("cancelled at the request bound").isBetween(900L, 5_000L);

            long reportStarted = System.nanoTime();
            Future<MvcResult> report =
                    background.submit(() -> mvc.perform(get(reconciliation).header("Authorization", admin))
                            .andReturn());
            Thread.sleep(2_500); // well past the request bound (1 s), well inside the report bound (10 s)
            assertThat(report.isDone())
                    .as("the report is still waiting, not cancelled")
                    .isFalse();
            holder.rollback();
            MvcResult answered = report.get(10, TimeUnit.SECONDS);
            long reportMillis = (System.nanoTime() - reportStarted) / 1_000_000;
            assertThat(answered.getResponse().getStatus()).isEqualTo(200);
            assertThat(reportMillis).as("outlived the request bound").isGreaterThan(2_000L);
        } finally {
            background.shutdownNow();
        }
    }
}
