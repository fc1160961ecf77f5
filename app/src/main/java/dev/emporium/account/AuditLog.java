package dev.emporium.account;

import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.PageResponse;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security audit trail. Writes join the caller's transaction when there is one (a role change
 * and its audit row commit together) and commit on their own otherwise (a failed login is recorded
 * even though the request ends in 401).
 *
 * <p>The listing pages newest first by keyset on the id: the cursor is the last id of the previous
 * page, so a page costs the same however deep it is. The total is exact while the table is small
 * and the planner's estimate (flagged {@code totalExact: false}) once counting would mean scanning
 * a large table on the request path.
 */
@Component
class AuditLog {

    /** Below this estimated size an exact {@code count(*)} is cheap enough to run per request. */
    static final long EXACT_COUNT_THRESHOLD = 100_000;

    private final AuditRepository audit;
    private final JsonMapper json;

    AuditLog(AuditRepository audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    void record(
            AuditEvent event,
            @Nullable Long userId,
            @Nullable String email,
            @Nullable String remoteAddr,
            Map<String, ?> detail) {
        audit.insert(event, userId, email, remoteAddr, json.writeValueAsString(detail));
    }

    void record(AuditEvent event, @Nullable Long userId, @Nullable String email, @Nullable String remoteAddr) {
        record(event, userId, email, remoteAddr, Map.of());
    }

    PageResponse<AuditEntry> page(int limit, String cursor) {
        long beforeId = cursor == null ? Long.MAX_VALUE : parseCursor(cursor);
        List<AuditEntry> items = audit.pageBefore(beforeId, limit + 1);
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            next = Long.toString(items.getLast().id());
        }
        long estimate = audit.estimatedRows();
        boolean exact = estimate < EXACT_COUNT_THRESHOLD;
        long total = exact ? audit.exactRows() : estimate;
        return new PageResponse<>(List.copyOf(items), limit, 0, total, exact, next);
    }

    private static long parseCursor(String cursor) {
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest("cursor", "must be a cursor returned by a previous page");
    }
}
