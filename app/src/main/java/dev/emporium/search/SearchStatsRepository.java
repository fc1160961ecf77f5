package dev.emporium.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Hourly search statistics ({@code search_query_stats}): batched additive writes, windowed reads. */
@Repository
class SearchStatsRepository {

    /** Additive, so any number of nodes may flush concurrently; each flush sorts its rows to avoid deadlocks. */
    private static final String ADD = """
            insert into search_query_stats (bucket_start, query, searches, zero_results)
            values (?, ?, ?, ?)
            on conflict (bucket_start, query) do update
               set searches     = search_query_stats.searches + excluded.searches,
                   zero_results = search_query_stats.zero_results + excluded.zero_results
            """;

    /** Deletes old buckets unless another node is pruning right now (one node at a time). */
    private static final String PRUNE = """
            with prune_lock as (
                select pg_try_advisory_xact_lock(hashtext('emporium.search.prune')) as held
            )
            delete from search_query_stats
             where (select held from prune_lock)
               and bucket_start < :before
            """;

    private static final String TOP = """
            select query, sum(searches) as searches, sum(zero_results) as zero_results
              from search_query_stats
             where bucket_start >= :since
             group by query
            having sum(searches) >= :minSearches
               and sum(searches) > sum(zero_results)
             order by sum(searches) desc, query
             limit :limit
            """;

    private static final String TOP_ZERO_RESULTS = """
            select query, sum(searches) as searches, sum(zero_results) as zero_results
              from search_query_stats
             where bucket_start >= :since
             group by query
            having sum(zero_results) > 0
             order by sum(zero_results) desc, query
             limit :limit
            """;

    private static final String VOLUME = """
            select bucket_start, sum(searches) as searches, sum(zero_results) as zero_results,
                   count(*) as distinct_queries
              from search_query_stats
             where bucket_start >= :since
             group by bucket_start
             order by bucket_start
            """;

    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    SearchStatsRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Adds the counts to the bucket in JDBC batches of {@value #BATCH} rows; returns the batches sent. */
    int add(Instant bucket, List<QueryCounter.Counts> counts) {
        Timestamp at = Timestamp.from(bucket);
        int batches = 0;
        for (int from = 0; from < counts.size(); from += BATCH) {
            List<Object[]> rows = new ArrayList<>();
            for (QueryCounter.Counts c : counts.subList(from, Math.min(counts.size(), from + BATCH))) {
                rows.add(new Object[] {at, c.query(), c.searches(), c.zeroResults()});
            }
            template.batchUpdate(ADD, rows);
            batches++;
        }
        return batches;
    }

    int prune(Instant before) {
        return jdbc.sql(PRUNE).param("before", Timestamp.from(before)).update();
    }

    // Every column of QueryStat is selected from not-null columns or aggregates that are never null,
    // so the record mapper builds no null components; NullAway cannot see that through query(Class).
    @SuppressWarnings("NullAway")
    List<QueryStat> top(Instant since, int minSearches, int limit) {
        return jdbc.sql(TOP)
                .param("since", Timestamp.from(since))
                .param("minSearches", minSearches)
                .param("limit", limit)
                .query(QueryStat.class)
                .list();
    }

    // Every column of QueryStat is selected from not-null columns or aggregates that are never null,
    // so the record mapper builds no null components; NullAway cannot see that through query(Class).
    @SuppressWarnings("NullAway")
    List<QueryStat> topZeroResults(Instant since, int limit) {
        return jdbc.sql(TOP_ZERO_RESULTS)
                .param("since", Timestamp.from(since))
                .param("limit", limit)
                .query(QueryStat.class)
                .list();
    }

    List<SearchAnalytics.Bucket> volume(Instant since) {
        return jdbc.sql(VOLUME)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new SearchAnalytics.Bucket(
                        rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }
}
