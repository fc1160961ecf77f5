package dev.emporium.platform.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link InvalidationDebts} in PostgreSQL ({@code cache_invalidation_debts}, V4), shared by every node. */
final class JdbcInvalidationDebts implements InvalidationDebts {

    private static final String RECORD = """
            insert into cache_invalidation_debts (cache, since)
            values (:cache, nextval('cache_invalidation_debt_seq'))
            on conflict (cache) do update
               set since = excluded.since,
                   created_at = now()
            """;

    private static final String OWED = """
            select cache, since
              from cache_invalidation_debts
            """;

    private static final String SETTLE = """
            delete from cache_invalidation_debts
             where cache = :cache
               and since = :since
            """;

    private final JdbcClient jdbc;

    JdbcInvalidationDebts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(String cache) {
        jdbc.sql(RECORD).param("cache", cache).update();
    }

    @Override
    public Map<String, Long> owed() {
        Map<String, Long> debts = new LinkedHashMap<>();
        jdbc.sql(OWED).query(rs -> {
            debts.put(rs.getString(1), rs.getLong(2));
        });
        return debts;
    }

    @Override
    public boolean settle(String cache, long since) {
        return jdbc.sql(SETTLE).param("cache", cache).param("since", since).update() == 1;
    }
}
