package dev.emporium.wallet;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code wallet_verifications}; a customer without a row is UNVERIFIED. */
@Repository
class VerificationRepository {

    static final String BY_USER = """
            select status, updated_at
              from wallet_verifications
             where user_id = :userId
            """;

    static final String UPSERT = """
            insert into wallet_verifications (user_id, status, updated_by)
            values (:userId, :status, :actorId)
            on conflict (user_id) do update
               set status = excluded.status, updated_by = excluded.updated_by, updated_at = now()
            returning updated_at
            """;

    static final String AUDIT = """
            insert into wallet_audit (actor_id, action, detail, request_id)
            values (:actorId, 'VERIFICATION_CHANGED', :detail, :requestId)
            """;

    private final JdbcClient jdbc;

    VerificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Verification find(long userId) {
        return jdbc.sql(BY_USER)
                .param("userId", userId)
                .query((rs, n) -> new Verification(
                        userId,
                        VerificationStatus.valueOf(rs.getString(1)),
                        rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional()
                .orElseGet(() -> new Verification(userId, VerificationStatus.UNVERIFIED, null));
    }

    Verification set(long userId, VerificationStatus status, long actorId, String requestId) {
        OffsetDateTime at = jdbc.sql(UPSERT)
                .param("userId", userId)
                .param("status", status.name())
                .param("actorId", actorId)
                .query(OffsetDateTime.class)
                .single();
        jdbc.sql(AUDIT)
                .param("actorId", actorId)
                .param("detail", "customer=" + userId + " status=" + status.name())
                .param("requestId", requestId)
                .update();
        return new Verification(userId, status, at.toInstant());
    }
}
