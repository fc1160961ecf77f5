package dev.emporium.platform.db;

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
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The "slow database" case: a row lock held by another session makes a request's statement wait; the statement is
 * cancelled at the pooled connections' {@code statement_timeout} (1 s here instead of 15 s) and the request answers
 * 503 problem+json with {@code Retry-After}, while requests that do not need the lock keep answering.
 */
@IntegrationTest
@TestPropertySource(properties = "EMPORIUM_DB_STATEMENT_TIMEOUT_MS=1000")
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
}
