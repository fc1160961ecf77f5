package dev.emporium.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.support.IntegrationTest;
import dev.emporium.wallet.WalletTestClient.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency keys replay for their retention (24 h by default) and are forgotten afterwards: the
 * housekeeping purge removes expired keys only, and a forgotten key is an ordinary new key again.
 */
@IntegrationTest
class IdempotencyRetentionTests {

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
    WalletHousekeeping housekeeping;

    @Autowired
    WalletProperties properties;

    WalletTestClient client;
    User payer;
    long payee;

    @BeforeEach
    void setUp() throws Exception {
        client = new WalletTestClient(mvc, json, accounts, tokens, jdbc);
        payer = client.customer();
        payee = client.accountId(client.customer());
        client.deposit(client.admin(), payer, 10_000);
    }

    @Test
    void aKeyOlderThanTheRetentionIsPurgedAndThenActsAsANewKey() throws Exception {
        String expiring = WalletTestClient.key();
        String fresh = WalletTestClient.key();
        client.transfer(payer, expiring, payee, 100).andExpect(status().isCreated());
        client.transfer(payer, fresh, payee, 100).andExpect(status().isCreated());
        ageKey(expiring, properties.idempotencyRetention().plusMinutes(1).toMinutes());
        ageKey(fresh, properties.idempotencyRetention().minusMinutes(1).toMinutes());

        housekeeping.purge();

        assertThat(keyExists(expiring)).as("a key past its retention is purged").isFalse();
        assertThat(keyExists(fresh)).as("a key within its retention stays").isTrue();
        client.transfer(payer, fresh, payee, 100)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"));
        client.transfer(payer, expiring, payee, 250)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "false"));
        assertThat(client.balance(payer)).isEqualTo(10_000 - 100 - 100 - 250);
    }

    private void ageKey(String key, long minutes) {
        int updated = jdbc.sql("""
                        update wallet_idempotency_keys
                           set created_at = now() - cast(:minutes as bigint) * interval '1 minute'
                         where user_id = :userId and key = :key
                        """)
                .param("minutes", minutes)
                .param("userId", payer.id())
                .param("key", key)
                .update();
        assertThat(updated).isEqualTo(1);
    }

    private boolean keyExists(String key) {
        return jdbc.sql("select count(*) from wallet_idempotency_keys where user_id = :userId and key = :key")
                        .param("userId", payer.id())
                        .param("key", key)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
