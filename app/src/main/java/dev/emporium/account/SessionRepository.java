package dev.emporium.account;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code sessions}. Whether a session is still usable is decided inside the statements that
 * use it, against the database's {@code now()}, so every node agrees whatever its own clock says.
 */
@Repository
class SessionRepository {

    static final String INSERT = """
            insert into sessions (user_id, refresh_token_hash, expires_at)
            values (:userId, :tokenHash, now() + :absoluteMillis * interval '1 millisecond')
            returning id
            """;

    /**
     * Swaps the presented token's hash for the next one if the session is live: not revoked, not past
     * its absolute expiry, used within the idle timeout. Concurrent rotations of the same token
     * serialise on the row lock; PostgreSQL re-checks the losers against the committed row, whose hash
     * no longer matches, so exactly one of them gets a row back. The role is read here too, so a role
     * change reaches the next access token.
     */
    static final String ROTATE_LIVE = """
            with rotated as (
                update sessions s
                   set refresh_token_hash = :nextHash,
                       last_used_at = now()
                  from users u
                 where s.refresh_token_hash = :presentedHash
                   and s.revoked_at is null
                   and s.expires_at > now()
                   and s.last_used_at > now() - :idleMillis * interval '1 millisecond'
                   and u.id = s.user_id
                returning s.id, s.user_id, u.role
            ), retired as (
                insert into session_retired_tokens (token_hash, session_id)
                select :presentedHash, id from rotated
            )
            select id, user_id, role from rotated
            """;

    /**
     * Revokes the session a rotated-away token belonged to, if it was rotated more than the grace
     * period ago; answers the session and its user (also when the session was already revoked).
     */
    static final String REVOKE_REUSED = """
            with reused as (
                select r.session_id, s.user_id
                  from session_retired_tokens r
                  join sessions s on s.id = r.session_id
                 where r.token_hash = :presentedHash
                   and r.retired_at < now() - :graceMillis * interval '1 millisecond'
            ), revoked as (
                update sessions
                   set revoked_at = coalesce(revoked_at, now())
                 where id = (select session_id from reused)
            )
            select session_id, user_id from reused
            """;

    static final String REVOKE_ALL_OF_USER = """
            update sessions
               set revoked_at = now()
             where user_id = :userId
               and revoked_at is null
            returning id
            """;

    static final String REVOKE = """
            update sessions
               set revoked_at = now()
             where refresh_token_hash = :tokenHash
               and revoked_at is null
            returning user_id, id
            """;

    /** Sessions revoked within the window, which other nodes poll while Redis cannot tell them (V15 index). */
    static final String REVOKED_WITHIN = """
            select id, revoked_at
              from sessions
             where revoked_at > now() - :windowMillis * interval '1 millisecond'
            """;

    /**
     * Deletes a bounded batch of sessions that ended (absolute expiry) more than the grace period ago,
     * if no other node holds the purge lock for this transaction. Idle-expired and revoked sessions go
     * too, once their absolute expiry passes, so the table stays bounded by logins per absolute timeout.
     */
    static final String PURGE_ENDED_BATCH = """
            with purge_lock as (
                select pg_try_advisory_xact_lock(hashtext('emporium.sessions.purge')) as held
            )
            delete from sessions
             where (select held from purge_lock)
               and id = any (array(select id
                                     from sessions
                                    where expires_at < now() - :graceMillis * interval '1 millisecond'
                                    limit :batch))
            """;

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long userId, byte[] tokenHash, Duration absoluteTimeout) {
        return jdbc.sql(INSERT)
                .param("userId", userId)
                .param("tokenHash", tokenHash)
                .param("absoluteMillis", absoluteTimeout.toMillis())
                .query(Long.class)
                .single();
    }

    Optional<Rotated> rotateLive(byte[] presentedHash, byte[] nextHash, Duration idleTimeout) {
        return jdbc.sql(ROTATE_LIVE)
                .param("presentedHash", presentedHash)
                .param("nextHash", nextHash)
                .param("idleMillis", idleTimeout.toMillis())
                .query((rs, n) ->
                        new Rotated(rs.getLong("id"), rs.getLong("user_id"), Role.valueOf(rs.getString("role"))))
                .optional();
    }

    /** A session and its user: a replayed rotated token's (now revoked), or the one a logout ended. */
    record Ended(long sessionId, long userId) {}

    Optional<Ended> revokeReused(byte[] presentedHash, Duration grace) {
        return jdbc.sql(REVOKE_REUSED)
                .param("presentedHash", presentedHash)
                .param("graceMillis", grace.toMillis())
                .query((rs, n) -> new Ended(rs.getLong(1), rs.getLong(2)))
                .optional();
    }

    /** Revokes every live session of the user; answers their ids. */
    List<Long> revokeAllOf(long userId) {
        return jdbc.sql(REVOKE_ALL_OF_USER)
                .param("userId", userId)
                .query((rs, n) -> rs.getLong(1))
                .list();
    }

    /** Revokes the session if it is not already revoked; answers it and its user when this call revoked it. */
    Optional<Ended> revoke(byte[] tokenHash) {
        return jdbc.sql(REVOKE)
                .param("tokenHash", tokenHash)
                .query((rs, n) -> new Ended(rs.getLong("id"), rs.getLong("user_id")))
                .optional();
    }

    /** Session id → revocation time of every session revoked within the window. */
    Map<Long, Instant> revokedWithin(Duration window) {
        Map<Long, Instant> revoked = new HashMap<>();
        jdbc.sql(REVOKED_WITHIN).param("windowMillis", window.toMillis()).query(rs -> {
            revoked.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
        });
        return revoked;
    }

    /**
     * Deletes up to {@code batch} sessions whose absolute expiry passed more than {@code grace} ago,
     * unless another node is purging at this moment (the advisory lock lasts for this statement's
     * transaction). Revoked and idle-expired sessions are removed too, once their absolute expiry
     * has passed, so the table stays bounded by the logins of one absolute timeout. The batch is
     * collected as an array so the delete probes the primary key instead of joining the whole table.
     */
    int purgeEndedBatch(Duration grace, int batch) {
        return jdbc.sql(PURGE_ENDED_BATCH)
                .param("graceMillis", grace.toMillis())
                .param("batch", batch)
                .update();
    }

    record Rotated(long sessionId, long userId, Role role) {}
}
