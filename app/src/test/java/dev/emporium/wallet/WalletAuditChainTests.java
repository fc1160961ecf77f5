package dev.emporium.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.support.IntegrationTest;
import dev.emporium.wallet.WalletTestClient.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail is a hash chain that catches edits; the ledger's rows refuse changes outright. */
@IntegrationTest
class WalletAuditChainTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WalletAuditChain chain;

    @Autowired
    PlatformTransactionManager transactions;

    WalletTestClient client;
    User admin;

    @BeforeEach
    void setUp() {
        client = new WalletTestClient(mvc, json, accounts, tokens, jdbc);
        admin = client.admin();
    }

    @Test
    void everyMovementIsAuditedWithItsKeyAndRequestIdAndSealedIntoAnIntactChain() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 500);
        String key = WalletTestClient.key();
        long transferId = client.read(
                        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                                "/api/v1/wallet/transfers")
                                        .header("Authorization", alice.bearer())
                                        .header("Idempotency-Key", key)
                                        .header("X-Request-Id", "req-audit-1")
                                        .contentType("application/json")
                                        .content("{\"toAccountId\":" + client.accountId(bob) + ",\"amount\":5}"))
                                .andExpect(status().isCreated()))
                .get("id")
                .asLong();
        var row = jdbc.sql("""
                        select actor_id, action, amount, idempotency_key, request_id
                          from wallet_audit where transfer_id = :id
                        """)
                .param("id", transferId)
                .query((rs, n) ->
                        new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)})
                .single();
        assertThat(row).containsExactly(alice.id(), "TRANSFER", 5L, key, "req-audit-1");

        client.get(admin, "/api/v1/admin/wallet/verification")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true))
                .andExpect(jsonPath("$.unsealedAuditRows").value(0))
                .andExpect(jsonPath("$.entriesTotal").value(0));
        client.get(alice, "/api/v1/admin/wallet/verification").andExpect(status().isForbidden());
    }

    @Test
    void anEditedAuditRowOrBalanceIsReportedAsTheFirstBreak() throws Exception {
        User alice = client.customer();
        client.deposit(admin, alice, 700);
        sealEverything();
        long transferId =
                jdbc.sql("""
                        select max(t.id) from wallet_transfers t
                          join wallet_accounts a on a.id = t.to_account_id where a.owner_id = :id
                        """).param("id", alice.id()).query(Long.class).single();
        long seq = jdbc.sql("select seq from wallet_audit where transfer_id = :id")
                .param("id", transferId)
                .query(Long.class)
                .single();

        assertThatThrownBy(() -> jdbc.sql("update wallet_audit set amount = 7000 where transfer_id = :id")
                        .param("id", transferId)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("can only be sealed");
        assertThatThrownBy(() -> jdbc.sql("update wallet_entries set amount = amount * 10 where transfer_id = :id")
                        .param("id", transferId)
                        .update())
                .hasMessageContaining("append-only");

        asOwner("update wallet_audit set amount = 7000 where transfer_id = " + transferId);
        try {
            LedgerReport report = chain.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstChainBreak().seq()).isEqualTo(seq);
            assertThat(report.firstChainBreak().reason()).contains("edited");
        } finally {
            asOwner("update wallet_audit set amount = 700 where transfer_id = " + transferId);
        }

        long account = client.accountId(alice);
        jdbc.sql("update wallet_accounts set balance = balance + 1 where id = :id")
                .param("id", account)
                .update();
        try {
            LedgerReport report = chain.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstChainBreak()).isNull();
            assertThat(report.firstBalanceMismatch().accountId()).isEqualTo(account);
            assertThat(report.firstBalanceMismatch().sumOfEntries()).isEqualTo(700);
        } finally {
            jdbc.sql("update wallet_accounts set balance = balance - 1 where id = :id")
                    .param("id", account)
                    .update();
        }
        assertThat(chain.verify().ok()).isTrue();
    }

    @Test
    void anEntryWhoseTransferOrAccountDoesNotExistIsReported() throws Exception {
        User alice = client.customer();
        client.deposit(admin, alice, 300);
        long account = client.accountId(alice);
        long transferId = jdbc.sql("select max(transfer_id) from wallet_entries where account_id = :id")
                .param("id", account)
                .query(Long.class)
                .single();
        // the ledger tables have no foreign keys (ADR 0020): the verification is what catches these
        assertReportedAsOrphan(Long.MAX_VALUE, account);
        assertReportedAsOrphan(transferId, Long.MAX_VALUE);
        LedgerReport report = chain.verify();
        assertThat(report.firstOrphanEntry()).isNull();
        assertThat(report.ok()).isTrue();
    }

    /** Inserts a pair of entries (summing to zero) in a transaction that is rolled back, and verifies inside it. */
    private void assertReportedAsOrphan(long transferId, long accountId) {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            long orphan = jdbc.sql("""
                            insert into wallet_entries (transfer_id, account_id, amount, balance_after)
                            values (:transferId, :accountId, 5, 0), (:transferId, :accountId, -5, 0)
                            returning id
                            """)
                    .param("transferId", transferId)
                    .param("accountId", accountId)
                    .query(Long.class)
                    .list()
                    .getFirst();
            LedgerReport report = chain.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstOrphanEntry()).isEqualTo(orphan);
            tx.setRollbackOnly();
        });
    }

    /** What someone with the table owner's rights could do: switch the guard off, edit, switch it on. */
    private void asOwner(String update) {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            jdbc.sql("alter table wallet_audit disable trigger wallet_audit_seal_only")
                    .update();
            jdbc.sql(update).update();
            jdbc.sql("alter table wallet_audit enable trigger wallet_audit_seal_only")
                    .update();
        });
    }

    /** Seals until nothing is pending: the scheduled sealer of this context may hold the lock for a moment. */
    private void sealEverything() throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            chain.sealPending();
            if (jdbc.sql("select count(*) from wallet_audit where seq is null")
                            .query(Long.class)
                            .single()
                    == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("audit rows still unsealed after 100 attempts");
    }
}
