package dev.emporium.account;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes sessions that can never be used again, a bounded batch at a time so no statement holds
 * locks for long, and on one node at a time (see {@link SessionRepository#purgeEndedBatch}). Ended
 * sessions are kept for a day after their absolute expiry so that recent logouts and expiries can
 * still be investigated next to the audit log.
 */
@Component
class SessionPurge {

    private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);
    static final Duration GRACE = Duration.ofDays(1);
    private static final int BATCH = 5_000;
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final SessionRepository sessions;

    SessionPurge(SessionRepository sessions) {
        this.sessions = sessions;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void purge() {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int deleted = sessions.purgeEndedBatch(GRACE, BATCH);
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (total > 0) {
            log.info("Purged {} ended sessions", total);
        }
    }
}
