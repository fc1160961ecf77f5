package dev.emporium.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.modulith.NamedInterface;

/**
 * The durable record of ended sessions, which the account feature keeps in PostgreSQL. {@link SessionRevocations}
 * reads it at a bounded rate: often while Redis cannot push revocations, rarely as a safety net otherwise.
 */
@NamedInterface("security")
public interface RevokedSessionSource {

    /** Every session revoked within the last {@code window} (by the database's clock), with when it was revoked. */
    Map<Long, Instant> revokedWithin(Duration window);
}
