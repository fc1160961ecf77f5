package dev.emporium.wallet;

import dev.emporium.platform.db.QueryClass;
import dev.emporium.platform.db.StatementTimeouts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the money audit trail tamper-evident and checks it together with the ledger invariants.
 *
 * <h2>Why sealing is separate from writing</h2>
 * Each movement writes its audit row in its own transaction. Chaining it there (hash over the
 * previous row's hash) would make every money write in the system queue on one "last hash" row: a
 * global lock that would cap transfers at one at a time. Instead a job seals rows shortly after
 * they commit: it takes the unsealed rows in id order, gives each the next {@code seq} and
 * {@code hash = SHA-256(prev_hash || content)} (the first link's {@code prev_hash} is 32 zero
 * bytes). One node seals at a time (a transaction-scoped advisory lock); a row that commits late
 * with a lower id simply joins a later batch, since the chain's order is {@code seq}, not id.
 *
 * <h2>What is detected</h2>
 * Editing a sealed row's content or hash, deleting or inserting a sealed row (a {@code seq} gap or
 * a broken link), any difference between a stored balance and its entries, and an entry whose
 * transfer or account does not exist (the ledger tables have no foreign keys, ADR 0020). The database also
 * refuses updates and deletes of entries, transfers and sealed audit rows (triggers), so tampering
 * needs the table owner's rights and leaves a trace here. A row not yet sealed is protected only by
 * the trigger; the window is one seal interval.
 */
@Component
class WalletAuditChain {

    private static final Logger log = LoggerFactory.getLogger(WalletAuditChain.class);
    private static final long SEAL_LOCK = 0x3a11_e7a0L;
    private static final int BATCH = 5_000;
    private static final byte[] GENESIS = new byte[32];

    private final WalletAuditRepository audit;
    private final TransactionTemplate sealing;
    private final TransactionTemplate snapshot;
    private final StatementTimeouts timeouts;

    WalletAuditChain(WalletAuditRepository audit, PlatformTransactionManager transactions, StatementTimeouts timeouts) {
        this.audit = audit;
        this.timeouts = timeouts;
        this.sealing = new TransactionTemplate(transactions);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    @Scheduled(
            initialDelayString = "${emporium.wallet.seal-interval:1s}",
            fixedDelayString = "${emporium.wallet.seal-interval:1s}")
    void sealOnSchedule() {
        try {
            sealPending();
        } catch (RuntimeException e) {
            log.warn("Sealing the wallet audit chain failed; will retry: {}", e.getMessage());
        }
    }

    /** Seals every row pending now; answers how many. Returns 0 at once when another node is sealing. */
    int sealPending() {
        int total = 0;
        while (true) {
            Integer sealed = sealing.execute(tx -> {
                if (!audit.trySealLock(SEAL_LOCK)) {
                    return -1;
                }
                List<WalletAuditRepository.AuditRow> rows = audit.unsealed(BATCH);
                if (rows.isEmpty()) {
                    return 0;
                }
                WalletAuditRepository.Head head = audit.chainHead().orElse(new WalletAuditRepository.Head(0, GENESIS));
                long seq = head.seq();
                byte[] prev = head.hash();
                List<Object[]> updates = new ArrayList<>(rows.size());
                for (WalletAuditRepository.AuditRow row : rows) {
                    seq++;
                    byte[] hash = hash(prev, row.content(seq));
                    updates.add(new Object[] {seq, prev, hash, row.id()});
                    prev = hash;
                }
                audit.seal(updates);
                return rows.size();
            });
            if (sealed == null || sealed <= 0) {
                return total;
            }
            total += sealed;
            if (sealed < BATCH) {
                return total;
            }
        }
    }

    /**
     * Walks the chain and checks the ledger, all in one snapshot; reports the first break of each kind. It reads
     * every audit row and every balance: an admin report, in the report statement class.
     */
    LedgerReport verify() {
        return snapshot.execute(tx -> {
            timeouts.apply(QueryClass.REPORT);
            long[] count = {0};
            byte[][] prev = {GENESIS};
            LedgerReport.ChainBreak[] firstBreak = {null};
            audit.walkChain(row -> {
                count[0]++;
                if (firstBreak[0] != null) {
                    return;
                }
                long expectedSeq = count[0];
                String reason = null;
                if (row.seq() != expectedSeq) {
                    reason = "expected seq " + expectedSeq + " (a row was removed or inserted)";
                } else if (!Arrays.equals(row.prevHash(), prev[0])) {
                    reason = "prev_hash does not match the previous row's hash";
                } else if (!Arrays.equals(row.hash(), hash(prev[0], row.content(row.seq())))) {
                    reason = "content does not match its hash (the row was edited)";
                }
                if (reason != null) {
                    firstBreak[0] = new LedgerReport.ChainBreak(row.seq(), row.id(), reason);
                }
                prev[0] = row.hash();
            });
            LedgerReport.BalanceMismatch mismatch = audit.firstBalanceMismatch()
                    .map(m -> new LedgerReport.BalanceMismatch(m[0], m[1], m[2]))
                    .orElse(null);
            Long unbalanced = audit.firstUnbalancedTransfer().orElse(null);
            Long orphan = audit.firstOrphanEntry().orElse(null);
            long[] totals = audit.ledgerTotals();
            boolean ok = firstBreak[0] == null
                    && mismatch == null
                    && unbalanced == null
                    && orphan == null
                    && totals[0] == 0
                    && totals[3] == 0;
            return new LedgerReport(
                    ok,
                    count[0],
                    audit.unsealedCount(),
                    firstBreak[0],
                    mismatch,
                    unbalanced,
                    orphan,
                    totals[0],
                    totals[1],
                    totals[2],
                    totals[3]);
        });
    }

    static byte[] hash(byte[] prev, String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev);
            return sha.digest(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
