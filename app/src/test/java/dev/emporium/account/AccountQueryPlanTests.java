package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every account query shape reads its tables through an index at the reference scale (200,000
 * customers, as many sessions and audit rows; sessions started evenly over the last 37 hours, as the
 * hourly purge with its one-day grace leaves them). The rows are loaded and analysed inside a transaction
 * that is rolled back, so other tests never see them; a small table would prove nothing, because
 * the planner rightly prefers a sequential scan there.
 *
 * <p>Not guarded: {@link AuditRepository#EXACT_ROWS}, which counts the whole table by nature and is
 * only run while the planner estimates the table below {@link AuditLog#EXACT_COUNT_THRESHOLD} rows.
 */
@IntegrationTest
class AccountQueryPlanTests {

    private static final int ROWS = 200_000;
    private static final String[] LARGE_TABLES = {"users", "sessions", "audit_log"};

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void restoreStatistics() {
        jdbc.sql("analyze users, sessions, audit_log").update();
    }

    @Test
    void everyAccountQueryShapeUsesAnIndexAtReferenceScale() {
        Map<String, String> plans = new LinkedHashMap<>();
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(tx -> {
            loadReferenceScale();
            long userId =
                    jdbc.sql("select max(id) from users").query(Long.class).single();
            byte[] hash = TokenIssuer.hash("some refresh token");
            plans.put("account by id", plan(UserRepository.ACCOUNT_BY_ID, Map.of("id", userId)));
            plans.put("account by email", plan(UserRepository.ACCOUNT_BY_EMAIL, Map.of("email", "X@load.test")));
            plans.put("credentials", plan(UserRepository.CREDENTIALS_BY_EMAIL, Map.of("email", "x@load.test")));
            plans.put("lock role", plan(UserRepository.ROLE_BY_ID_FOR_UPDATE, Map.of("id", userId)));
            plans.put("update role", plan(UserRepository.UPDATE_ROLE, Map.of("id", userId, "role", "ADMIN")));
            plans.put(
                    "rotate",
                    plan(
                            SessionRepository.ROTATE_LIVE,
                            Map.of("presentedHash", hash, "nextHash", hash, "idleMillis", 1_800_000L)));
            plans.put("revoke", plan(SessionRepository.REVOKE, Map.of("tokenHash", hash)));
            plans.put("revoke all of user", plan(SessionRepository.REVOKE_ALL_OF_USER, Map.of("userId", userId)));
            plans.put(
                    "revoked within one token lifetime",
                    plan(SessionRepository.REVOKED_WITHIN, Map.of("windowMillis", 360_000L)));
            plans.put(
                    "purge",
                    plan(
                            SessionRepository.PURGE_ENDED_BATCH,
                            Map.of("graceMillis", SessionPurge.GRACE.toMillis(), "batch", 5_000)));
            plans.put(
                    "audit first page",
                    plan(AuditRepository.PAGE_BEFORE_ID, Map.of("beforeId", Long.MAX_VALUE, "limit", 51)));
            plans.put(
                    "audit deep page",
                    plan(AuditRepository.PAGE_BEFORE_ID, Map.of("beforeId", userId / 2, "limit", 501)));
            plans.put(
                    "login guard known address",
                    plan(
                            AuditRepository.LOGGED_IN_FROM,
                            Map.of("userId", userId, "remoteAddr", "10.0.0.1", "horizonMillis", 2_592_000_000L)));
            tx.setRollbackOnly();
        });

        plans.forEach((shape, plan) -> {
            for (String table : LARGE_TABLES) {
                assertThat(plan).as("plan of %s", shape).doesNotContain("Seq Scan on " + table);
            }
        });
        assertThat(plans.get("audit first page")).contains("Index Scan Backward using audit_log_pkey");
        assertThat(plans.get("login guard known address")).contains("audit_log_user_idx");
        assertThat(plans.get("revoked within one token lifetime")).contains("sessions_revoked_at_idx");
    }

    private void loadReferenceScale() {
        // bulk set-up, not a request: the pooled connection's request-class bound (3 s) does not apply
        jdbc.sql("set local statement_timeout = 0").update();
        jdbc.sql("""
                insert into users (email, password_hash, name, role)
                select 'load-' || g || '@load.test', 'not a real hash', 'Load ' || g, 'CUSTOMER'
                  from generate_series(1, :rows) g
                """).param("rows", ROWS).update();
        jdbc.sql("""
                insert into sessions (user_id, refresh_token_hash, created_at, last_used_at, expires_at, revoked_at)
                select id, sha256(convert_to(email, 'UTF8')), created, created + (id % 30) * interval '1 minute',
                       created + interval '12 hours', case when id % 5 = 0 then created + interval '1 hour' end
                  from (select id, email, now() - (id % 2220) * interval '1 minute' as created from users) u
                 where email like 'load-%@load.test'
                """).update();
        jdbc.sql("""
                insert into audit_log (event, user_id, email, remote_addr)
                select 'LOGIN_SUCCEEDED', id, email, '10.0.0.1'
                  from users
                 where email like 'load-%@load.test'
                """).update();
        jdbc.sql("analyze users, sessions, audit_log").update();
    }

    private String plan(String sql, Map<String, ?> params) {
        return String.join(
                "\n",
                jdbc.sql("explain " + sql).params(params).query(String.class).list());
    }
}
