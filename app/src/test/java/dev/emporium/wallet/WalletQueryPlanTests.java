package dev.emporium.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ExplainGuard;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every wallet query shape on a request path reads its tables through an index at a realistic
 * scale. The shared test data gives every generated customer a wallet with an opening deposit
 * (tens of thousands of accounts, transfers, entries and audit rows); the small tables (keys, daily
 * use, verifications) get 200,000 rows each inside a transaction that is rolled back, and the
 * ledger one account with 50,000 entries, the long-history case for the history page and its count.
 *
 * <p>Not guarded, by nature whole-table and off the request path: the verification report's
 * queries ({@link WalletAuditRepository#FIRST_BALANCE_MISMATCH}, {@code FIRST_UNBALANCED_TRANSFER},
 * {@code LEDGER_TOTALS}, {@code CHAIN}, {@code UNSEALED_COUNT}) and the housekeeping delete of past
 * days' usage ({@link WalletAccountRepository#PURGE_OLD_USAGE}).
 */
@IntegrationTest
class WalletQueryPlanTests {

    private static final int ROWS = 200_000;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void restoreStatistics() {
        jdbc.sql("analyze wallet_accounts, wallet_transfers, wallet_entries, wallet_audit, wallet_idempotency_keys, "
                        + "wallet_daily_usage, wallet_verifications")
                .update();
    }

    @Test
    void everyWalletQueryShapeUsesAnIndexAtRealisticScale() {
        TestData.ensureLoaded(generator, jdbc);
        Map<String, String> plans = new LinkedHashMap<>();
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            long[] ids = load();
            long owner = ids[0];
            long account = ids[1];
            long other = ids[2];
            long transfer = ids[3];
            ExplainGuard guard = new ExplainGuard(jdbc)
                    .requireLarge("wallet_accounts")
                    .requireLarge("wallet_transfers")
                    .requireLarge("wallet_entries")
                    .requireLarge("wallet_audit")
                    .requireLarge("wallet_idempotency_keys")
                    .requireLarge("wallet_daily_usage")
                    .requireLarge("wallet_verifications");
            Map<String, Object> post = new HashMap<>();
            post.putAll(Map.of("kind", "TRANSFER", "fromId", account, "toId", other, "amount", 5L, "currency", "EUR"));
            post.putAll(Map.of("limitDaily", true, "dailyLimit", 1_000_000L, "requestId", "r"));
            post.putAll(Map.of("loId", account, "loDelta", -5L, "hiId", other, "hiDelta", 5L));
            post.put("reference", "x");
            post.put("actorId", owner);
            post.put("key", "some-key-1");
            post.put("transferId", Long.MAX_VALUE - 1);
            check(plans, guard, "wallet by owner", WalletAccountRepository.WALLET_BY_OWNER, Map.of("ownerId", owner));
            check(plans, guard, "account by owner", WalletAccountRepository.ACCOUNT_BY_OWNER, Map.of("ownerId", owner));
            check(plans, guard, "account by id", WalletAccountRepository.ACCOUNT_BY_ID, Map.of("id", account));
            check(
                    plans,
                    guard,
                    "claim key, find payer and account",
                    IdempotencyRepository.CLAIM_AND_FIND_BY_ACCOUNT,
                    Map.of("userId", owner, "key", "k-00000001", "requestHash", new byte[32], "accountId", other));
            check(
                    plans,
                    guard,
                    "claim key, find payer and owner",
                    IdempotencyRepository.CLAIM_AND_FIND_BY_OWNER,
                    Map.of(
                            "userId",
                            owner,
                            "key",
                            "k-00000002",
                            "requestHash",
                            new byte[32],
                            "otherOwnerId",
                            owner + 1));
            check(
                    plans,
                    guard,
                    "claim key for a payout",
                    IdempotencyRepository.CLAIM_FOR_TRANSFER,
                    Map.of("userId", owner, "key", "k-00000003", "requestHash", new byte[32]));
            check(
                    plans,
                    guard,
                    "system accounts",
                    WalletAccountRepository.SYSTEM_ACCOUNTS,
                    Map.of("kind", "DEPOSITS", "currency", "EUR"));
            check(plans, guard, "daily use", WalletAccountRepository.DAILY_USE, Map.of("accountId", account));
            check(plans, guard, "post movement", LedgerRepository.POST_MOVEMENT, post);
            check(plans, guard, "transfer by id", LedgerRepository.TRANSFER_BY_ID, Map.of("id", transfer));
            check(
                    plans,
                    guard,
                    "history first page",
                    LedgerRepository.HISTORY_PAGE,
                    Map.of("accountId", account, "beforeId", Long.MAX_VALUE, "limit", 51));
            check(
                    plans,
                    guard,
                    "history deep page",
                    LedgerRepository.HISTORY_PAGE,
                    Map.of("accountId", account, "beforeId", ids[4], "limit", 501));
            check(
                    plans,
                    guard,
                    "history count",
                    LedgerRepository.COUNT_ENTRIES_CAPPED,
                    Map.of("accountId", account, "cap", WalletService.EXACT_COUNT_CAP));
            check(plans, guard, "stored key", IdempotencyRepository.STORED, Map.of("userId", owner, "key", "k-1"));
            check(
                    plans,
                    guard,
                    "purge keys",
                    IdempotencyRepository.PURGE_EXPIRED_BATCH,
                    Map.of("retentionMillis", 86_400_000L, "batch", 5_000));
            check(plans, guard, "verification", VerificationRepository.BY_USER, Map.of("userId", owner));
            check(
                    plans,
                    guard,
                    "set verification",
                    VerificationRepository.UPSERT,
                    Map.of("userId", owner, "status", "VERIFIED", "actorId", owner));
            check(plans, guard, "unsealed audit", WalletAuditRepository.UNSEALED_BATCH, Map.of("batch", 5_000));
            check(plans, guard, "chain head", WalletAuditRepository.CHAIN_HEAD, Map.of());
            tx.setRollbackOnly();
        });
        assertThat(plans.get("history first page")).contains("Index Scan(wallet_entries)");
        assertThat(plans.get("post movement")).contains("Index Scan(wallet_accounts)");
    }

    private void check(Map<String, String> plans, ExplainGuard guard, String shape, String sql, Map<String, ?> params) {
        plans.put(shape, ExplainGuard.describe(guard.assertNoSequentialScan(sql, params)));
    }

    /** Answers {owner, its account, another account, a transfer, an entry id in the middle of the long history}. */
    private long[] load() {
        long[] pair = jdbc.sql("""
                        select owner_id, id from wallet_accounts where kind = 'CUSTOMER' order by id desc limit 1
                        """)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        long other = jdbc.sql("select min(id) from wallet_accounts where kind = 'CUSTOMER'")
                .query(Long.class)
                .single();
        long cashIn = jdbc.sql("select id from wallet_accounts where kind = 'DEPOSITS' and currency = 'EUR'")
                .query(Long.class)
                .single();
        jdbc.sql("""
                insert into wallet_idempotency_keys (user_id, key, request_hash, created_at)
                select g % 1000, 'load-' || g, sha256(int8send(g)), now() - (g % 48) * interval '1 hour'
                  from generate_series(1, :rows) g
                """).param("rows", ROWS).update();
        jdbc.sql("""
                insert into wallet_daily_usage (account_id, day, used)
                select a.id, current_date - d, 100
                  from (select id from wallet_accounts where kind = 'CUSTOMER' order by id limit :accounts) a
                 cross join generate_series(0, 9) d
                on conflict do nothing
                """).param("accounts", ROWS / 10).update();
        jdbc.sql("""
                insert into wallet_verifications (user_id, status)
                select owner_id, 'VERIFIED' from wallet_accounts where kind = 'CUSTOMER'
                on conflict do nothing
                """).update();
        jdbc.sql("""
                insert into wallet_verifications (user_id, status)
                select u.id, 'PENDING' from users u
                 where not exists (select 1 from wallet_verifications v where v.user_id = u.id)
                """).update();
        jdbc.sql("""
                with t as (
                    insert into wallet_transfers (kind, from_account_id, to_account_id, amount, currency)
                    select 'DEPOSIT', :cashIn, :account, 1, 'EUR' from generate_series(1, :n)
                    returning id)
                insert into wallet_entries (transfer_id, account_id, amount, balance_after)
                select id, :account, 1, 1 from t
                """)
                .param("cashIn", cashIn)
                .param("account", pair[1])
                .param("n", 50_000)
                .update();
        jdbc.sql("analyze wallet_accounts, wallet_transfers, wallet_entries, wallet_audit, wallet_idempotency_keys, "
                        + "wallet_daily_usage, wallet_verifications")
                .update();
        long transfer = jdbc.sql("select max(id) from wallet_transfers")
                .query(Long.class)
                .single();
        long middle = jdbc.sql("""
                        select id from wallet_entries where account_id = :a order by id desc offset 25000 limit 1
                        """).param("a", pair[1]).query(Long.class).single();
        return new long[] {pair[0], pair[1], other, transfer, middle};
    }
}
