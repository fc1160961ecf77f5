package dev.emporium.account;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One row of the audit log as the admin listing shows it; {@code detail} is the stored JSON object. */
record AuditEntry(
        long id,
        Instant occurredAt,
        String event,
        @Nullable Long userId,
        @Nullable String email,
        @Nullable String remoteAddr,
        @JsonRawValue String detail) {}
