package dev.emporium.platform.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link InvalidationDebts} in PostgreSQL ({@code cache_invalidation_debts}, V4), shared by every node.
 *
 * <p>Debts are recorded from after-commit listeners, where the finished transaction's connection is
 * still bound and a plain statement would join it and never commit; every statement here therefore
 * runs in a transaction of its own.
 */
@org.springframework.stereotype.Repository
class InvalidationDebtRepository implements InvalidationDebts {

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
    private final TransactionTemplate ownTransaction;

    InvalidationDebtRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void record(String cache) {
        ownTransaction.executeWithoutResult(
                status -> jdbc.sql(RECORD).param("cache", cache).update());
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
        Boolean settled = ownTransaction.execute(status ->
                jdbc.sql(SETTLE).param("cache", cache).param("since", since).update() == 1);
        return Boolean.TRUE.equals(settled);
    }
}
