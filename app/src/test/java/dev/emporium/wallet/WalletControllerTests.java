package dev.emporium.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.support.IntegrationTest;
import dev.emporium.wallet.WalletTestClient.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class WalletControllerTests {

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

    WalletTestClient client;
    User admin;

    @BeforeEach
    void setUp() {
        client = new WalletTestClient(mvc, json, accounts, tokens, jdbc);
        admin = client.admin();
    }

    @Test
    void everyNewCustomerHasAnEmptyWalletAndTheBalanceIsNeverStaleAfterADeposit() throws Exception {
        User alice = client.customer();
        client.get(alice, "/api/v1/wallet")
                .andExpect(status().isOk())
                .andExpect(header().string("X-Cache", "MISS"))
                .andExpect(jsonPath("$.accountId").value(client.accountId(alice)))
                .andExpect(jsonPath("$.balance").value(0))
                .andExpect(jsonPath("$.currency").value("EUR"));
        client.get(alice, "/api/v1/wallet")
                .andExpect(header().string("X-Cache", "HIT"))
                .andExpect(header().string("X-Cache-Tier", "L1"));

        client.deposit(admin, alice, 12_345);

        client.get(alice, "/api/v1/wallet")
                .andExpect(header().string("X-Cache", "MISS"))
                .andExpect(jsonPath("$.balance").value(12_345));
    }

    @Test
    void balanceAnswersNotModifiedForItsETag() throws Exception {
        User alice = client.customer();
        String etag =
                client.get(alice, "/api/v1/wallet").andReturn().getResponse().getHeader("ETag");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/wallet")
                        .header("Authorization", alice.bearer())
                        .header("If-None-Match", etag))
                .andExpect(status().isNotModified());
    }

    @Test
    void transferMovesMoneyBetweenCustomersAndBothHistoriesShowIt() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 10_000);
        client.get(bob, "/api/v1/wallet").andExpect(jsonPath("$.balance").value(0));

        JsonNode sent = client.read(client.transfer(alice, WalletTestClient.key(), client.accountId(bob), 2_500)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "false"))
                .andExpect(jsonPath("$.kind").value("TRANSFER"))
                .andExpect(jsonPath("$.amount").value(2_500))
                .andExpect(jsonPath("$.fromAccountId").value(client.accountId(alice)))
                .andExpect(jsonPath("$.toAccountId").value(client.accountId(bob))));

        client.get(alice, "/api/v1/wallet").andExpect(jsonPath("$.balance").value(7_500));
        client.get(bob, "/api/v1/wallet").andExpect(jsonPath("$.balance").value(2_500));
        client.get(alice, "/api/v1/wallet/transactions")
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$.items[0].transferId").value(sent.get("id").asLong()))
                .andExpect(jsonPath("$.items[0].amount").value(-2_500))
                .andExpect(jsonPath("$.items[0].balanceAfter").value(7_500))
                .andExpect(jsonPath("$.items[0].counterpartyAccountId").value(client.accountId(bob)))
                .andExpect(jsonPath("$.items[1].kind").value("DEPOSIT"))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.totalExact").value(true));
        client.get(bob, "/api/v1/wallet/transfers/" + sent.get("id").asLong())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.amount").value(2_500));
    }

    @Test
    void transferByEmailFindsTheRecipientInAnyLetterCase() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 1_000);
        client.post(
                        alice,
                        "/api/v1/wallet/transfers",
                        WalletTestClient.key(),
                        Map.of("toEmail", bob.email().toUpperCase(), "amount", 400))
                .andExpect(status().isCreated());
        assertThat(client.balance(bob)).isEqualTo(400);
    }

    @Test
    void historyPagesByCursorWithoutGapsOrRepeats() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 1_000);
        for (int i = 0; i < 6; i++) {
            client.transfer(alice, WalletTestClient.key(), client.accountId(bob), 10 + i)
                    .andExpect(status().isCreated());
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.read(client.get(
                            alice, "/api/v1/wallet/transactions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .andExpect(status().isOk()));
            page.get("items").forEach(item -> seen.add(item.get("id").asLong()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void sameKeyAndBodyReplaysTheFirstTransferAndADifferentBodyIsRefused() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 1_000);
        String key = WalletTestClient.key();
        String first = client.transfer(alice, key, client.accountId(bob), 300)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();

        client.transfer(alice, key, client.accountId(bob), 300)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(content().json(first));
        client.transfer(alice, key, client.accountId(bob), 301)
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("idempotency_key_reused"));

        assertThat(client.balance(alice)).isEqualTo(700);
        assertThat(client.balance(bob)).isEqualTo(300);
    }

    @Test
    void insufficientFundsChangesNothingAndLeavesTheKeyUsable() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 100);
        String key = WalletTestClient.key();
        client.transfer(alice, key, client.accountId(bob), 101)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("insufficient_funds"));
        assertThat(client.balance(alice)).isEqualTo(100);
        assertThat(transfersOf(alice)).isEqualTo(1);

        client.deposit(admin, alice, 1);
        client.transfer(alice, key, client.accountId(bob), 101).andExpect(status().isCreated());
        assertThat(client.balance(alice)).isZero();
    }

    @Test
    void badInputIsA400ProblemAndChangesNothing() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 1_000);
        long to = client.accountId(bob);
        long own = client.accountId(alice);
        List<Object[]> cases = List.of(
                new Object[] {WalletTestClient.key(), WalletTestClient.body(to, 0)},
                new Object[] {WalletTestClient.key(), WalletTestClient.body(to, -5)},
                new Object[] {WalletTestClient.key(), WalletTestClient.body(to, 10.5)},
                new Object[] {WalletTestClient.key(), WalletTestClient.body(to, "ten")},
                new Object[] {WalletTestClient.key(), WalletTestClient.body(to, 1_000_000_000_000_001L)},
                new Object[] {WalletTestClient.key(), WalletTestClient.body(own, 10)},
                new Object[] {WalletTestClient.key(), Map.of("amount", 10)},
                new Object[] {WalletTestClient.key(), Map.of("toAccountId", to, "toEmail", bob.email(), "amount", 10)},
                new Object[] {WalletTestClient.key(), Map.of("toEmail", "not an email", "amount", 10)},
                new Object[] {WalletTestClient.key(), Map.of("toAccountId", to, "amount", 10, "reference", "a\u0000b")},
                new Object[] {WalletTestClient.key(), "{\"toAccountId\": "},
                new Object[] {null, WalletTestClient.body(to, 10)},
                new Object[] {"short", WalletTestClient.body(to, 10)},
                new Object[] {"has spaces in it", WalletTestClient.body(to, 10)});
        for (Object[] c : cases) {
            client.post(alice, "/api/v1/wallet/transfers", (String) c[0], c[1])
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(400));
        }
        assertThat(client.balance(alice)).isEqualTo(1_000);
        assertThat(client.balance(bob)).isZero();
        assertThat(keysOf(alice)).isZero();
    }

    @Test
    void customersNeverSeeOrMoveOthersMoney() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        User carol = client.customer();
        client.deposit(admin, alice, 1_000);
        long transferId = client.read(client.transfer(alice, WalletTestClient.key(), client.accountId(bob), 10))
                .get("id")
                .asLong();
        client.get(carol, "/api/v1/wallet/transfers/" + transferId)
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        client.get(carol, "/api/v1/wallet/transfers/999999999").andExpect(status().isNotFound());
        client.transfer(alice, WalletTestClient.key(), 999_999_999L, 10).andExpect(status().isNotFound());
        long cashIn = jdbc.sql("select id from wallet_accounts where kind = 'DEPOSITS' and currency = 'EUR'")
                .query(Long.class)
                .single();
        client.transfer(alice, WalletTestClient.key(), cashIn, 10).andExpect(status().isNotFound());
        client.get(admin, "/api/v1/wallet").andExpect(status().isNotFound());
        client.post(
                        alice,
                        "/api/v1/admin/wallet/deposits",
                        WalletTestClient.key(),
                        Map.of("email", alice.email(), "amount", 5))
                .andExpect(status().isForbidden());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/wallet"))
                .andExpect(status().isUnauthorized());
        assertThat(client.balance(alice)).isEqualTo(990);
    }

    @Test
    void limitsAreEnforcedWithTheLimitInTheBodyAndShownWithTodaysUse() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.verify(admin, alice, "VERIFIED").andExpect(status().isOk());
        client.deposit(admin, alice, 2_000_000);
        long to = client.accountId(bob);

        client.transfer(alice, WalletTestClient.key(), to, 500_001)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.limit").value("per_transfer"))
                .andExpect(jsonPath("$.max").value(500_000));
        client.transfer(alice, WalletTestClient.key(), to, 500_000).andExpect(status().isCreated());
        client.transfer(alice, WalletTestClient.key(), to, 400_000).andExpect(status().isCreated());
        client.transfer(alice, WalletTestClient.key(), to, 100_001)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.limit").value("per_day"))
                .andExpect(jsonPath("$.max").value(1_000_000))
                .andExpect(jsonPath("$.usedToday").value(900_000));
        client.get(alice, "/api/v1/wallet/limits")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.perTransfer").value(500_000))
                .andExpect(jsonPath("$.perDay").value(1_000_000))
                .andExpect(jsonPath("$.usedToday").value(900_000))
                .andExpect(jsonPath("$.remainingToday").value(100_000))
                .andExpect(jsonPath("$.verificationStatus").value("VERIFIED"));
        assertThat(client.balance(bob)).isEqualTo(900_000);
    }

    @Test
    void transfersAboveTheThresholdNeedAVerifiedSenderAndAChangeTakesEffectAtOnce() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 1_000_000);
        long to = client.accountId(bob);
        client.transfer(alice, WalletTestClient.key(), to, 100_000).andExpect(status().isCreated());
        client.transfer(alice, WalletTestClient.key(), to, 100_001)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("verification_required"))
                .andExpect(jsonPath("$.threshold").value(100_000));

        client.verify(admin, alice, "VERIFIED")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value(alice.id()))
                .andExpect(jsonPath("$.status").value("VERIFIED"));
        client.transfer(alice, WalletTestClient.key(), to, 100_001).andExpect(status().isCreated());

        client.verify(admin, alice, "REJECTED").andExpect(status().isOk());
        client.transfer(alice, WalletTestClient.key(), to, 100_001).andExpect(status().isUnprocessableContent());

        client.verify(alice, alice, "VERIFIED").andExpect(status().isForbidden());
        client.verify(admin, admin, "VERIFIED").andExpect(status().isNotFound());
        client.put(admin, "/api/v1/admin/customers/" + alice.id() + "/verification", Map.of("status", "MAYBE"))
                .andExpect(status().isBadRequest());
        assertThat(jdbc.sql(
                                "select count(*) from wallet_audit where action = 'VERIFICATION_CHANGED' and actor_id = :id")
                        .param("id", admin.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void depositsAreIdempotentPerAdminKey() throws Exception {
        User alice = client.customer();
        String key = WalletTestClient.key();
        Map<String, Object> body =
                Map.of("accountId", client.accountId(alice), "amount", 700, "reference", "cash in: part {1} of 2");
        String first = client.post(admin, "/api/v1/admin/wallet/deposits", key, body)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        client.post(admin, "/api/v1/admin/wallet/deposits", key, body)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(content().json(first));
        client.post(
                        admin,
                        "/api/v1/admin/wallet/deposits",
                        key,
                        Map.of("accountId", client.accountId(alice), "amount", 701))
                .andExpect(status().isUnprocessableContent());
        client.post(
                        admin,
                        "/api/v1/admin/wallet/deposits",
                        WalletTestClient.key(),
                        Map.of("email", "nobody@example.test", "amount", 1))
                .andExpect(status().isNotFound());
        assertThat(client.balance(alice)).isEqualTo(700);
    }

    @Test
    void endpointsRunAFixedSmallNumberOfStatements() throws Exception {
        User alice = client.customer();
        User bob = client.customer();
        client.deposit(admin, alice, 10_000);
        client.get(alice, "/api/v1/wallet");
        assertThat(statements(client.get(alice, "/api/v1/wallet"))).isZero();
        client.deposit(admin, alice, 1);
        assertThat(statements(client.get(alice, "/api/v1/wallet"))).isEqualTo(1);
        int small = statements(client.transfer(alice, WalletTestClient.key(), client.accountId(bob), 10));
        assertThat(small)
                .as("claim the key and find both accounts; move the money and write everything else")
                .isEqualTo(2);
        assertThat(statements(client.transferByEmail(alice, WalletTestClient.key(), bob.email(), 10)))
                .as("the recipient's email costs one lookup more")
                .isEqualTo(3);
        client.get(alice, "/api/v1/wallet");
        assertThat(statements(client.get(alice, "/api/v1/wallet/transactions?limit=1")))
                .isEqualTo(statements(client.get(alice, "/api/v1/wallet/transactions?limit=500")))
                .isEqualTo(2);
        assertThat(statements(client.get(alice, "/api/v1/wallet/limits")))
                .as("today's use, plus the verification status on a cache miss")
                .isBetween(1, 2);
    }

    @Test
    void theApiDocumentDescribesEveryWalletOperationWithItsProblemResponses() throws Exception {
        JsonNode paths = client.read(mvc.perform(
                                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v3/api-docs"))
                        .andExpect(status().isOk()))
                .get("paths");
        JsonNode transfer = paths.get("/api/v1/wallet/transfers").get("post");
        assertThat(transfer.get("responses").propertyNames()).contains("201", "400", "401", "404", "422", "503");
        assertThat(transfer.get("responses").get("422").get("content").has("application/problem+json"))
                .isTrue();
        assertThat(transfer.get("security").toString()).contains("bearer");
        JsonNode deposit = paths.get("/api/v1/admin/wallet/deposits").get("post");
        assertThat(deposit.get("responses").propertyNames()).contains("201", "400", "401", "403", "404", "422", "503");
        assertThat(paths.get("/api/v1/admin/customers/{id}/verification")
                        .get("put")
                        .get("responses")
                        .propertyNames())
                .contains("200", "400", "401", "403", "404");
        assertThat(paths.get("/api/v1/wallet").get("get").get("responses").propertyNames())
                .contains("200", "304", "401", "404", "503");
    }

    @Test
    void aCustomerWhoRegistersOverHttpGetsAWallet() throws Exception {
        String email = "wallet-registered-" + java.util.UUID.randomUUID() + "@example.test";
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/auth/register")
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(
                                java.util.Map.of("email", email, "password", "a-long-passphrase", "name", "Reg"))))
                .andExpect(status().isCreated());
        assertThat(jdbc.sql("""
                        select count(*) from wallet_accounts a join users u on u.id = a.owner_id
                         where u.email = :email and a.kind = 'CUSTOMER' and a.balance = 0
                        """).param("email", email).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void theRequestSchemasSayWhichFieldsMayBeLeftOutOrNull() throws Exception {
        JsonNode schemas = client.read(mvc.perform(
                                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v3/api-docs"))
                        .andExpect(status().isOk()))
                .get("components")
                .get("schemas");
        for (String[] optional : new String[][] {
            {"NewTransfer", "toEmail", "toAccountId", "reference"}, {"NewDeposit", "email", "accountId", "reference"}
        }) {
            JsonNode schema = schemas.get(optional[0]);
            assertThat(schema.get("required").toString()).as(optional[0]).isEqualTo("[\"amount\"]");
            for (int i = 1; i < optional.length; i++) {
                assertThat(schema.get("properties")
                                .get(optional[i])
                                .get("nullable")
                                .asBoolean())
                        .as(optional[0] + "." + optional[i])
                        .isTrue();
            }
        }
        assertThat(schemas.get("LedgerEntry")
                        .get("properties")
                        .get("reference")
                        .get("nullable")
                        .asBoolean())
                .isTrue();
    }

    private static int statements(ResultActions result) {
        MvcResult done = result.andReturn();
        return (Integer) done.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
    }

    private long transfersOf(User user) {
        return jdbc.sql(
                        "select count(*) from wallet_entries e join wallet_accounts a on a.id = e.account_id where a.owner_id = :id")
                .param("id", user.id())
                .query(Long.class)
                .single();
    }

    private long keysOf(User user) {
        return jdbc.sql("select count(*) from wallet_idempotency_keys where user_id = :id")
                .param("id", user.id())
                .query(Long.class)
                .single();
    }
}
