package dev.emporium.account;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code audit_log}: append, page newest first by keyset on id, and count. */
@Repository
class AuditRepository {

    static final String INSERT = """
            insert into audit_log (event, user_id, email, remote_addr, detail)
            values (:event, :userId, :email, :remoteAddr, cast(:detail as jsonb))
            """;

    static final String PAGE_BEFORE_ID = """
            select id, occurred_at, event, user_id, email, remote_addr, detail::text as detail
              from audit_log
             where id < :beforeId
             order by id desc
             limit :limit
            """;

    /**
     * Whether the user logged in successfully from this address within the horizon: such an address
     * is exempt from the login guard's account-wide limit. One user's rows by {@code audit_log_user_idx}.
     */
    static final String LOGGED_IN_FROM = """
            select exists (
                   select 1
                     from audit_log
                    where user_id = :userId
                      and event = 'LOGIN_SUCCEEDED'
                      and remote_addr = :remoteAddr
                      and occurred_at > now() - :horizonMillis * interval '1 millisecond')
            """;

    /** The planner's row estimate; -1 until the table has been vacuumed or analysed once. */
    static final String ESTIMATED_ROWS = """
            select reltuples::bigint
              from pg_class
             where oid = to_regclass('audit_log')
            """;

    static final String EXACT_ROWS = """
            select count(*)
              from audit_log
            """;

    /** Oldest first, one batch, only while this transaction holds the retention lock (one node at a time). */
    static final String DELETE_OLDER_THAN_BATCH = """
            with retention_lock as (
                select pg_try_advisory_xact_lock(hashtext('emporium.audit.retention')) as held
            )
            delete from audit_log
             where (select held from retention_lock)
               and id = any (array(select id
                                     from audit_log
                                    where occurred_at < now() - :horizonMillis * interval '1 millisecond'
                                    order by occurred_at
                                    limit :batch))
            """;

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            AuditEvent event,
            @Nullable Long userId,
            @Nullable String email,
            @Nullable String remoteAddr,
            String detailJson) {
        jdbc.sql(INSERT)
                .param("event", event.name())
                .param("userId", userId, Types.BIGINT)
                .param("email", email, Types.VARCHAR)
                .param("remoteAddr", remoteAddr, Types.VARCHAR)
                .param("detail", detailJson)
                .update();
    }

    List<AuditEntry> pageBefore(long beforeId, int limit) {
        return jdbc.sql(PAGE_BEFORE_ID)
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query((rs, n) -> new AuditEntry(
                        rs.getLong("id"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("event"),
                        rs.getObject("user_id", Long.class),
                        rs.getString("email"),
                        rs.getString("remote_addr"),
                        rs.getString("detail")))
                .list();
    }

    long estimatedRows() {
        return jdbc.sql(ESTIMATED_ROWS).query(Long.class).optional().orElse(-1L);
    }

    long exactRows() {
        return jdbc.sql(EXACT_ROWS).query(Long.class).single();
    }

    int deleteOlderThan(java.time.Duration horizon, int batch) {
        return jdbc.sql(DELETE_OLDER_THAN_BATCH)
                .param("horizonMillis", horizon.toMillis())
                .param("batch", batch)
                .update();
    }

    boolean loggedInFrom(long userId, String remoteAddr, java.time.Duration horizon) {
        Boolean found = jdbc.sql(LOGGED_IN_FROM)
                .param("userId", userId)
                .param("remoteAddr", remoteAddr)
                .param("horizonMillis", horizon.toMillis())
                .query(Boolean.class)
                .single();
        return Boolean.TRUE.equals(found);
    }
}
