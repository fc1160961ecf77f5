package dev.emporium.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.account.AccountService;
import dev.emporium.platform.web.ApiException;
import dev.emporium.support.IntegrationTest;
import dev.emporium.wallet.WalletTestClient.User;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger under hammering, in the style of Jepsen's bank test: many threads move money between
 * a fixed set of wallets while others sum every balance in one snapshot; the sum never changes, and
 * afterwards every balance equals the sum of its entries and none is negative.
 */
@IntegrationTest
class WalletConcurrencyTests {

    private static final int ACCOUNTS = 40;
    private static final long OPENING = 20_000;
    private static final int THREADS = 64;
    private static final int TRANSFERS_PER_THREAD = 320;

    @Autowired
    TransferService transfers;

    @Autowired
    WalletAuditChain chain;

    @Autowired
    MoneyWriteRetry retry;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    WalletTestClient client;

    @BeforeEach
    void setUp() {
        client = new WalletTestClient(null, null, accounts, tokens, jdbc);
    }

    @Test
    void concurrentRandomTransfersKeepEveryInvariant() throws Exception {
        User admin = client.admin();
        List<User> users = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            User user = client.customer();
            users.add(user);
            ids.add(client.accountId(user));
            transfers.deposit(
                    admin.id(),
                    new WalletRequests.NewDeposit(null, ids.getLast(), BigDecimal.valueOf(OPENING), null),
                    WalletTestClient.key(),
                    "bank-test");
        }
        Long[] accountIds = ids.toArray(Long[]::new);
        long total = ACCOUNTS * OPENING;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong snapshots = new AtomicLong();
        List<Long> wrongSums = new ArrayList<>();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger replayed = new AtomicInteger();

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(pool.submit(() -> {
                while (running.get()) {
                    long[] sums;
                    try {
                        sums = jdbc.sql("""
                                    select coalesce(sum(balance) filter (where id = any(:ids)), 0), sum(balance)
                                      from wallet_accounts
                                    """)
                                .param("ids", accountIds)
                                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                                .single();
                    } catch (CannotGetJdbcConnectionException e) {
                        continue;
                    }
                    snapshots.incrementAndGet();
                    if (sums[0] != total || sums[1] != 0) {
                        synchronized (wrongSums) {
                            wrongSums.add(sums[0]);
                        }
                    }
                }
            }));
        }
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 1_000 + t;
            writers.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    long amount = 1 + random.nextInt(2_000);
                    String key = WalletTestClient.key();
                    while (true) {
                        try {
                            TransferService.Outcome outcome = transfers.transfer(
                                    users.get(from).id(),
                                    new WalletRequests.NewTransfer(
                                            null, accountIds[to], BigDecimal.valueOf(amount), null),
                                    key,
                                    "bank-test");
                            if (outcome.replayed()) {
                                replayed.incrementAndGet();
                            }
                            succeeded.incrementAndGet();
                        } catch (ApiException e) {
                            assertThat(e.properties()).containsEntry("code", "insufficient_funds");
                            refused.incrementAndGet();
                        } catch (CannotCreateTransactionException | CannotGetJdbcConnectionException e) {
                            // what a client sees as 503 + Retry-After: it retries with the same key
                            unavailable.incrementAndGet();
                            continue;
                        }
                        break;
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(10, TimeUnit.MINUTES);
        }
        running.set(false);
        for (Future<?> reader : readers) {
            reader.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();

        System.out.printf(
                "bank test: %d transfers in %.1f s, %d refused for funds, %d retried after no connection"
                        + " (%d of them replays), %d snapshots%n",
                succeeded.get(),
                (System.nanoTime() - started) / 1e9,
                refused.get(),
                unavailable.get(),
                replayed.get(),
                snapshots.get());
        assertThat(succeeded.get() + refused.get()).isEqualTo(THREADS * TRANSFERS_PER_THREAD);
        assertThat(succeeded.get()).isGreaterThan(THREADS * TRANSFERS_PER_THREAD / 2);
        assertThat(snapshots.get()).isPositive();
        assertThat(wrongSums).isEmpty();

        List<long[]> perAccount = jdbc.sql("""
                        select a.id, a.balance, coalesce(sum(e.amount), 0), count(e.id)
                          from wallet_accounts a
                          left join wallet_entries e on e.account_id = a.id
                         where a.id = any(:ids)
                         group by a.id, a.balance
                        """)
                .param("ids", accountIds)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .list();
        long sum = 0;
        long entries = 0;
        for (long[] account : perAccount) {
            assertThat(account[1])
                    .as("balance of %d equals its entries", account[0])
                    .isEqualTo(account[2]);
            assertThat(account[1]).as("balance of %d", account[0]).isNotNegative();
            sum += account[1];
            entries += account[3];
        }
        assertThat(sum).isEqualTo(total);
        assertThat(entries).isEqualTo(ACCOUNTS + 2L * succeeded.get());
        assertThat(jdbc.sql("""
                        select count(*) from (
                            select t.id from wallet_transfers t join wallet_entries e on e.transfer_id = t.id
                             where t.from_account_id = any(:ids)
                             group by t.id having sum(e.amount) <> 0 or count(*) <> 2) broken
                        """).param("ids", accountIds).query(Long.class).single())
                .isZero();
        LedgerReport report = chain.verify();
        assertThat(report.firstBalanceMismatch()).isNull();
        assertThat(report.firstUnbalancedTransfer()).isNull();
        assertThat(report.entriesTotal()).isZero();
        assertThat(report.negativeBalances()).isZero();
    }

    @Test
    void concurrentRequestsWithOneKeyExecuteExactlyOnce() throws Exception {
        User admin = client.admin();
        User alice = client.customer();
        User bob = client.customer();
        transfers.deposit(
                admin.id(),
                new WalletRequests.NewDeposit(alice.email(), null, BigDecimal.valueOf(1_000), null),
                WalletTestClient.key(),
                "same-key");
        String key = WalletTestClient.key();
        var body = new WalletRequests.NewTransfer(null, client.accountId(bob), BigDecimal.valueOf(100), "once");
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<TransferService.Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            outcomes.add(pool.submit(() -> {
                start.await();
                return transfers.transfer(alice.id(), body, key, "same-key");
            }));
        }
        start.countDown();
        Set<Long> transferIds = ConcurrentHashMap.newKeySet();
        int executed = 0;
        for (Future<TransferService.Outcome> outcome : outcomes) {
            TransferService.Outcome o = outcome.get(1, TimeUnit.MINUTES);
            transferIds.add(o.transfer().id());
            executed += o.replayed() ? 0 : 1;
        }
        pool.shutdown();
        assertThat(executed).isEqualTo(1);
        assertThat(transferIds).hasSize(1);
        assertThat(client.balance(alice)).isEqualTo(900);
        assertThat(client.balance(bob)).isEqualTo(100);
    }

    @Test
    void aDeadlockIsRetriedAndCounted() throws Exception {
        User a = client.customer();
        User b = client.customer();
        long first = client.accountId(a);
        long second = client.accountId(b);
        double before = deadlockRetries();
        CyclicBarrier bothLocked = new CyclicBarrier(2);
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (long[] order : new long[][] {{first, second}, {second, first}}) {
            results.add(pool.submit(() -> retry.run(() -> tx.execute(status -> {
                boolean firstAttempt = attempts.incrementAndGet() <= 2;
                lock(order[0]);
                if (firstAttempt) {
                    try {
                        bothLocked.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                lock(order[1]);
                return 1;
            }))));
        }
        for (Future<Integer> result : results) {
            assertThat(result.get(1, TimeUnit.MINUTES)).isEqualTo(1);
        }
        pool.shutdown();
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(deadlockRetries()).isEqualTo(before + 1);
    }

    private void lock(long accountId) {
        jdbc.sql("select id from wallet_accounts where id = :id for update")
                .param("id", accountId)
                .query(Long.class)
                .single();
    }

    private double deadlockRetries() {
        return meters.get("emporium.wallet.retries")
                .tag("reason", "deadlock")
                .counter()
                .count();
    }
}
