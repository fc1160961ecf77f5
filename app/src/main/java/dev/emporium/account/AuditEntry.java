package dev.emporium.account;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** One row of the audit log as the admin listing shows it; {@code detail} is the stored JSON object. */
record AuditEntry(
        long id,
        Instant occurredAt,
        String event,
        Long userId,
        String email,
        String remoteAddr,
        @JsonRawValue String detail) {}
