package dev.emporium.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class SupplierPayoutTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    JsonMapper json;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    SupplyTestClient client;
    JsonNode supplier;
    String path;

    @BeforeEach
    void setUp() throws Exception {
        TestData.ensureLoaded(generator, jdbc);
        client = new SupplyTestClient(mvc, json, accounts, tokens);
        supplier = client.supplier();
        path = "/api/v1/admin/supply/suppliers/" + supplier.get("id").asLong() + "/payouts";
    }

    @Test
    void aPayoutIsADoubleEntryTransferFromTheSupplierPayoutsAccount() throws Exception {
        long source = sourceAccount();
        long sourceBefore = balance(source);
        JsonNode payout = client.read(
                client.postWithKey(path, SupplyTestClient.key(), Map.of("amount", 12_345, "reference", "inv 7"))
                        .andExpect(status().isCreated())
                        .andExpect(header().string("Idempotent-Replayed", "false"))
                        .andExpect(jsonPath("$.amount").value(12_345))
                        .andExpect(jsonPath("$.currency").value("EUR"))
                        .andExpect(jsonPath("$.reference").value("inv 7")));
        long transfer = payout.get("transferId").asLong();
        long account = supplier.get("accountId").asLong();
        assertThat(balance(account)).isEqualTo(12_345);
        assertThat(balance(source)).isEqualTo(sourceBefore - 12_345);
        List<Long> entries = jdbc.sql("select amount from wallet_entries where transfer_id = :t order by amount")
                .param("t", transfer)
                .query(Long.class)
                .list();
        assertThat(entries).containsExactly(-12_345L, 12_345L);
        String kind = jdbc.sql("select kind from wallet_transfers where id = :t")
                .param("t", transfer)
                .query(String.class)
                .single();
        assertThat(kind).isEqualTo("SUPPLIER_PAYOUT");
        assertThat(jdbc.sql("select count(*) from wallet_audit where transfer_id = :t")
                        .param("t", transfer)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        client.get("/api/v1/admin/wallet/verification")
                .andExpect(jsonPath("$.ok").value(true));
    }

    @Test
    void theSameKeyReplaysTheFirstPayoutAndADifferentBodyIsRefused() throws Exception {
        String key = SupplyTestClient.key();
        JsonNode first =
                client.read(client.postWithKey(path, key, Map.of("amount", 500)).andExpect(status().isCreated()));
        client.postWithKey(path, key, Map.of("amount", 500))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.id").value(first.get("id").asLong()))
                .andExpect(
                        jsonPath("$.transferId").value(first.get("transferId").asLong()));
        client.postWithKey(path, key, Map.of("amount", 501))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("idempotency_key_reused"));
        assertThat(balance(supplier.get("accountId").asLong())).isEqualTo(500);
        assertThat(payouts()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyPayOnce() throws Exception {
        String key = SupplyTestClient.key();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> client.postWithKey(path, key, Map.of("amount", 70))
                    .andReturn()
                    .getResponse()
                    .getStatus());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                assertThat(status.get()).isEqualTo(201);
            }
        }
        assertThat(balance(supplier.get("accountId").asLong())).isEqualTo(70);
        assertThat(payouts()).isEqualTo(1);
    }

    @Test
    void badPayoutsMoveNothing() throws Exception {
        client.postWithKey(path, null, Map.of("amount", 5))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors['Idempotency-Key']").exists());
        client.postWithKey(path, SupplyTestClient.key(), Map.of("amount", 0)).andExpect(status().isBadRequest());
        client.postWithKey(path, SupplyTestClient.key(), Map.of("amount", 1.5)).andExpect(status().isBadRequest());
        client.postWithKey(
                        "/api/v1/admin/supply/suppliers/999999999/payouts", SupplyTestClient.key(), Map.of("amount", 5))
                .andExpect(status().isNotFound());
        assertThat(balance(supplier.get("accountId").asLong())).isZero();
        assertThat(payouts()).isZero();
    }

    @Test
    void anInactiveSupplierCanStillBePaid() throws Exception {
        client.delete("/api/v1/admin/supply/suppliers/" + supplier.get("id").asLong());
        client.postWithKey(path, SupplyTestClient.key(), Map.of("amount", 9)).andExpect(status().isCreated());
    }

    private long sourceAccount() {
        return jdbc.sql("select id from wallet_accounts where kind = 'SUPPLIER_PAYOUTS' and currency = 'EUR'")
                .query(Long.class)
                .single();
    }

    private long balance(long account) {
        return jdbc.sql("select balance from wallet_accounts where id = :id")
                .param("id", account)
                .query(Long.class)
                .single();
    }

    private long payouts() {
        return jdbc.sql("select count(*) from supplier_payouts where supplier_id = :s")
                .param("s", supplier.get("id").asLong())
                .query(Long.class)
                .single();
    }
}
