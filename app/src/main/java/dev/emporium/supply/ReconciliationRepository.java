package dev.emporium.supply;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reconciliation in one statement. Why it is shaped this way:
 * <ul>
 *   <li>Each side is aggregated per supplier where its rows live ({@code delivered}, {@code paid}),
 *       each an index-only range scan over its window ({@code deliveries_value_idx},
 *       {@code supplier_payouts_value_idx}): no heap visit, no sort.</li>
 *   <li>The two are matched by a full join, so a supplier paid without deliveries in the window (or
 *       the reverse) is reconciled too, and only then filtered by {@code |variance| > threshold}: the
 *       rows that pass, and only the requested page of them, leave the database.</li>
 *   <li>{@code count(*) over ()} gives the exact number of suppliers over the threshold in the same
 *       pass, so the page costs one round trip however many there are.</li>
 *   <li>Pages continue by keyset on (|variance| desc, supplier id); the first page's cursor is a
 *       sentinel above any magnitude, so there is one statement shape.</li>
 * </ul>
 * The variance is delivered minus paid, in minor units of each supplier's own currency: positive
 * means the shop owes the supplier, negative that it paid ahead.
 *
 * <p>The statement runs after {@link #PREFER_INDEXES} in its read-only transaction. Up to a quarter the
 * planner picks the covering indexes anyway; for a year (half of the generated two-year history) its
 * cost estimates for an index-only range scan and a parallel sequential scan of {@code deliveries} are
 * within a small margin and it flipped between runs. The index holds four columns of a row and is
 * all-visible after a vacuum, so reading half of it is less work than reading the whole heap; the hint
 * makes that the plan every time, and {@code SupplyQueryPlanTests} guards every window up to the API's
 * 366-day limit.
 */
@Repository
class ReconciliationRepository {

    static final String RECONCILE = """
            with delivered as (
                select supplier_id, sum(cast(quantity as bigint) * unit_cost) as value, count(*) as deliveries
                  from deliveries
                 where received_at >= :from
                   and received_at < :to
                 group by supplier_id
            ), paid as (
                select supplier_id, sum(amount) as value, count(*) as payouts
                  from supplier_payouts
                 where paid_at >= :from
                   and paid_at < :to
                 group by supplier_id
            ), balance as (
                select coalesce(d.supplier_id, p.supplier_id) as supplier_id,
                       coalesce(d.value, 0) as delivered,
                       coalesce(p.value, 0) as paid,
                       coalesce(d.deliveries, 0) as deliveries,
                       coalesce(p.payouts, 0) as payouts
                  from delivered d
                  full join paid p on p.supplier_id = d.supplier_id
            ), over_threshold as (
                select b.supplier_id, b.delivered, b.paid, b.deliveries, b.payouts,
                       b.delivered - b.paid as variance,
                       abs(b.delivered - b.paid) as magnitude,
                       count(*) over () as total
                  from balance b
                 where abs(b.delivered - b.paid) > :threshold
            )
            select o.supplier_id, s.name, s.currency,
                   cast(o.delivered as bigint), cast(o.paid as bigint), cast(o.variance as bigint),
                   o.deliveries, o.payouts, o.total
              from over_threshold o
              join suppliers s on s.id = o.supplier_id
             where o.magnitude < :cursorMagnitude
                or (o.magnitude = :cursorMagnitude and o.supplier_id > :cursorId)
             order by o.magnitude desc, o.supplier_id
             limit :limit
            """;

    /** For the reconciliation's transaction only ({@code set local}): the covering indexes, whatever the window. */
    static final String PREFER_INDEXES = "set local enable_seqscan = off";

    private final JdbcClient jdbc;

    ReconciliationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A line and the number of suppliers over the threshold (the same on every line). */
    record Row(ReconciliationLine line, long total) {}

    List<Row> page(
            OffsetDateTime from, OffsetDateTime to, long threshold, long cursorMagnitude, long cursorId, int limit) {
        jdbc.sql(PREFER_INDEXES).update();
        return jdbc.sql(RECONCILE)
                .param("from", from)
                .param("to", to)
                .param("threshold", threshold)
                .param("cursorMagnitude", cursorMagnitude)
                .param("cursorId", cursorId)
                .param("limit", limit)
                .query((rs, n) -> new Row(
                        new ReconciliationLine(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                rs.getLong(8)),
                        rs.getLong(9)))
                .list();
    }
}
