package dev.emporium.account;

import dev.emporium.platform.security.RevokedSessionSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code sessions} table as the durable source of revocations that every node polls at a bounded rate. */
@Component
class RevokedSessionFeed implements RevokedSessionSource {

    private final SessionRepository sessions;

    RevokedSessionFeed(SessionRepository sessions) {
        this.sessions = sessions;
    }

    @Override
    public Map<Long, Instant> revokedWithin(Duration window) {
        return sessions.revokedWithin(window);
    }
}
