package dev.emporium.platform.db;

import org.springframework.modulith.NamedInterface;

/**
 * How long one statement may run, by what it serves ({@link StatementTimeouts}). PostgreSQL cancels a statement over
 * its class's bound (SQLSTATE 57014), which the API answers with 503 and {@code Retry-After}.
 */
@NamedInterface("db")
public enum QueryClass {

    /**
     * Reads and writes on the request path: every pooled connection's default
     * ({@code emporium.db.statement-timeouts.request}, 3 s; their p99s are milliseconds).
     */
    REQUEST,

    /**
     * Admin reports and exports that read a whole window on purpose (reconciliation, the order export):
     * {@code emporium.db.statement-timeouts.report}, 30 s, raised for their read-only transaction only.
     */
    REPORT,

    /** Bulk work (the data generator, the search lexicon rebuild, {@code COPY} loads): no bound. */
    BULK
}
