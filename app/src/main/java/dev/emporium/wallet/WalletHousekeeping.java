package dev.emporium.wallet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires idempotency keys after their retention and drops daily-usage rows of past days, a
 * bounded batch at a time so no statement holds locks for long. Running on several nodes at once is
 * harmless (deletes of the same rows), so no lock is taken. A key therefore replays for at least
 * the retention and at most one purge interval longer.
 */
@Component
class WalletHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(WalletHousekeeping.class);
    private static final int BATCH = 5_000;
    private static final int MAX_BATCHES = 100;

    private final IdempotencyRepository keys;
    private final WalletAccountRepository accounts;
    private final WalletProperties properties;

    WalletHousekeeping(IdempotencyRepository keys, WalletAccountRepository accounts, WalletProperties properties) {
        this.keys = keys;
        this.accounts = accounts;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
    void purge() {
        int expired = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int deleted = keys.purgeExpiredBatch(properties.idempotencyRetention(), BATCH);
            expired += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        int usage = accounts.purgeOldUsage();
        if (expired + usage > 0) {
            log.info(
                    "Wallet housekeeping: {} idempotency keys expired, {} old daily-usage rows removed",
                    expired,
                    usage);
        }
    }
}
