package dev.emporium.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.account.AccountService;
import dev.emporium.platform.web.ApiException;
import dev.emporium.support.IntegrationTest;
import dev.emporium.wallet.WalletTestClient.User;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;

/**
 * A seeded random walk of deposits, transfers (over and under every limit, to oneself, with fresh,
 * replayed and reused keys) and verification changes, checked step by step against an in-memory
 * model of balances, daily use, statuses and stored keys. A failure names its seed; run it again
 * with {@code -Dwallet.model.seed=SEED}.
 */
@IntegrationTest
class WalletModelTests {

    private static final int CUSTOMERS = 5;
    private static final int STEPS = 400;

    @Autowired
    TransferService transfers;

    @Autowired
    VerificationService verifications;

    @Autowired
    WalletProperties limits;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    JdbcClient jdbc;

    record Stored(int from, int to, long amount, long transferId) {}

    @Test
    void randomOperationsAgreeWithTheModel() {
        long seed = Long.getLong("wallet.model.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        WalletTestClient client = new WalletTestClient(null, null, accounts, tokens, jdbc);
        User admin = client.admin();
        List<User> users = new ArrayList<>();
        List<Long> accountIds = new ArrayList<>();
        long[] balance = new long[CUSTOMERS];
        long[] usedToday = new long[CUSTOMERS];
        boolean[] verified = new boolean[CUSTOMERS];
        Map<String, Stored> keys = new HashMap<>();
        List<String> usedKeys = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            users.add(client.customer());
            accountIds.add(client.accountId(users.getLast()));
        }
        for (int step = 0; step < STEPS; step++) {
            String at = "seed " + seed + ", step " + step;
            int op = random.nextInt(10);
            int from = random.nextInt(CUSTOMERS);
            if (op == 0) {
                long amount = 1 + random.nextLong(300_000);
                transfers.deposit(
                        admin.id(),
                        new WalletRequests.NewDeposit(null, accountIds.get(from), BigDecimal.valueOf(amount), null),
                        WalletTestClient.key(),
                        "model");
                balance[from] += amount;
            } else if (op == 1) {
                verified[from] = random.nextBoolean();
                verifications.set(
                        users.get(from).id(),
                        verified[from] ? VerificationStatus.VERIFIED : VerificationStatus.PENDING,
                        admin.id(),
                        "model");
            } else {
                int to = random.nextInt(CUSTOMERS);
                long amount = random.nextInt(4) == 0 ? random.nextLong(-2, 600_000) : 1 + random.nextLong(60_000);
                String key;
                if (!usedKeys.isEmpty() && random.nextInt(5) == 0) {
                    key = usedKeys.get(random.nextInt(usedKeys.size()));
                    Stored s = keys.get(key);
                    from = s.from();
                    if (random.nextBoolean()) {
                        to = s.to();
                        amount = s.amount();
                    }
                } else {
                    key = WalletTestClient.key();
                }
                String expected = expect(keys.get(key), from, to, amount, balance, usedToday, verified);
                String actual;
                TransferService.Outcome outcome = null;
                try {
                    outcome = transfers.transfer(
                            users.get(from).id(),
                            new WalletRequests.NewTransfer(null, accountIds.get(to), BigDecimal.valueOf(amount), null),
                            key,
                            "model");
                    actual = outcome.replayed() ? "replay" : "ok";
                } catch (ApiException e) {
                    actual = e.status().value() + ":" + e.properties().getOrDefault("code", "")
                            + e.properties().getOrDefault("limit", "");
                }
                assertThat(actual).as(at).isEqualTo(expected);
                if (actual.equals("ok")) {
                    balance[from] -= amount;
                    balance[to] += amount;
                    usedToday[from] += amount;
                    keys.put(
                            key, new Stored(from, to, amount, outcome.transfer().id()));
                    usedKeys.add(key);
                } else if (actual.equals("replay")) {
                    assertThat(outcome.transfer().id())
                            .as(at)
                            .isEqualTo(keys.get(key).transferId());
                }
            }
            if (step % 20 == 0 || step == STEPS - 1) {
                for (int i = 0; i < CUSTOMERS; i++) {
                    assertThat(client.balance(users.get(i)))
                            .as(at + ", customer " + i)
                            .isEqualTo(balance[i]);
                }
            }
        }
    }

    private String expect(
            Stored stored, int from, int to, long amount, long[] balance, long[] usedToday, boolean[] verified) {
        if (amount <= 0) {
            return "400:";
        }
        if (stored != null) {
            boolean same = stored.from() == from && stored.to() == to && stored.amount() == amount;
            return same ? "replay" : "422:idempotency_key_reused";
        }
        if (from == to) {
            return "400:";
        }
        if (amount > limits.maxTransfer()) {
            return "422:limit_exceededper_transfer";
        }
        if (amount > limits.verificationThreshold() && !verified[from]) {
            return "422:verification_required";
        }
        if (usedToday[from] + amount > limits.dailyLimit()) {
            return "422:limit_exceededper_day";
        }
        if (balance[from] < amount) {
            return "422:insufficient_funds";
        }
        return "ok";
    }
}
