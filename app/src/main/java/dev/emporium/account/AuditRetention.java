package dev.emporium.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit rows older than {@code emporium.audit.retention}, oldest first, a bounded batch per
 * statement so no statement holds locks for long. One node at a time: each batch runs only if its
 * transaction takes the retention advisory lock, so nodes starting the job together do not delete
 * the same rows twice or contend on them.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    private static final int BATCH = 5_000;
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final AuditRepository audit;
    private final AuditProperties properties;

    AuditRetention(AuditRepository audit, AuditProperties properties) {
        this.audit = audit;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "PT7M", fixedDelayString = "PT1H")
    int purge() {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int deleted = audit.deleteOlderThan(properties.retention(), BATCH);
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (total > 0) {
            log.info("Deleted {} audit rows older than {}", total, properties.retention());
        }
        return total;
    }
}
