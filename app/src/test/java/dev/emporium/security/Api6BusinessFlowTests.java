package dev.emporium.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.security.SecurityFixture.User;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * OWASP API6:2023, unrestricted access to sensitive business flows: the flows that move money or stock,
 * driven the way an abuser would drive them. A cancelled order refunds once however often it is
 * cancelled; a replayed order charges once; concurrent transfers cannot spend the same money twice;
 * negative, zero and self transfers move nothing; no money-moving customer write runs without an
 * {@code Idempotency-Key}. After all of it, the ledger still balances.
 */
@IntegrationTest
class Api6BusinessFlowTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    SecurityFixture fixture;
    User customer;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SecurityFixture(mvc, json, jdbc, accounts, tokens, generator);
        customer = fixture.customer();
        fixture.deposit(customer, 10_000);
    }

    @Test
    void cancellingAnOrderAgainAndAgainRefundsAndRestocksOnce() throws Exception {
        long product = fixture.product(1_500, 5);
        long order = fixture.order(customer, product, 2).get("id").asLong();
        assertThat(fixture.balance(customer)).isEqualTo(7_000);
        for (int i = 0; i < 3; i++) {
            MockHttpServletResponse cancelled = mvc.perform(
                            post("/api/v1/orders/" + order + "/cancel").header("Authorization", customer.bearer()))
                    .andReturn()
                    .getResponse();
            assertThat(cancelled.getStatus()).isEqualTo(200);
        }
        assertThat(fixture.balance(customer)).isEqualTo(10_000);
        assertThat(fixture.stock(product)).isEqualTo(5);
        assertLedgerBalanced();
    }

    @Test
    void aReplayedOrderChargesOnceAndAChangedReplayIsRefused() throws Exception {
        long product = fixture.product(1_000, 5);
        String key = SecurityFixture.key();
        String body = "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";
        for (int i = 0; i < 3; i++) {
            assertThat(order(key, body).getStatus()).isEqualTo(201);
        }
        assertThat(order(key, body.replace("\"quantity\":1", "\"quantity\":2")).getStatus())
                .isEqualTo(422);
        assertThat(fixture.balance(customer)).isEqualTo(9_000);
        assertThat(fixture.stock(product)).isEqualTo(4);
    }

    @Test
    void concurrentTransfersCannotSpendTheSameMoneyTwice() throws Exception {
        User recipient = fixture.customer();
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(
                    () -> transfer(SecurityFixture.key(), "{\"toEmail\":\"" + recipient.email() + "\",\"amount\":6000}")
                            .getStatus());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsOnly(201, 422);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(fixture.balance(customer)).isEqualTo(4_000);
        assertThat(fixture.balance(recipient)).isEqualTo(6_000);
        assertLedgerBalanced();
    }

    @Test
    void negativeZeroFractionalAndSelfTransfersMoveNothing() throws Exception {
        User other = fixture.customer();
        for (String amount : new String[] {"-500", "0", "0.5", "-0", "1.000001"}) {
            assertThat(transfer(
                                    SecurityFixture.key(),
                                    "{\"toEmail\":\"" + other.email() + "\",\"amount\":" + amount + "}")
                            .getStatus())
                    .as("amount " + amount)
                    .isEqualTo(400);
        }
        assertThat(transfer(SecurityFixture.key(), "{\"toEmail\":\"" + customer.email() + "\",\"amount\":100}")
                        .getStatus())
                .isEqualTo(400);
        assertThat(fixture.balance(customer)).isEqualTo(10_000);
        assertThat(fixture.balance(other)).isZero();
    }

    @Test
    void moneyMovingCustomerWritesNeedAnIdempotencyKey() throws Exception {
        long product = fixture.product(100, 5);
        assertThat(order(null, "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}")
                        .getStatus())
                .isEqualTo(400);
        User other = fixture.customer();
        assertThat(transfer(null, "{\"toEmail\":\"" + other.email() + "\",\"amount\":100}")
                        .getStatus())
                .isEqualTo(400);
        assertThat(fixture.balance(customer)).isEqualTo(10_000);
        assertThat(fixture.stock(product)).isEqualTo(5);
    }

    private MockHttpServletResponse order(String key, String body) throws Exception {
        var request = post("/api/v1/orders")
                .header("Authorization", customer.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private MockHttpServletResponse transfer(String key, String body) throws Exception {
        var request = post("/api/v1/wallet/transfers")
                .header("Authorization", customer.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private void assertLedgerBalanced() {
        assertThat(jdbc.sql("select coalesce(sum(amount), 0) from wallet_entries")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("""
                        select count(*) from wallet_accounts
                         where owner_id = :id and balance <> (select coalesce(sum(amount), 0) from wallet_entries
                                                               where account_id = wallet_accounts.id)
                        """).param("id", customer.id()).query(Long.class).single())
                .isZero();
    }
}
