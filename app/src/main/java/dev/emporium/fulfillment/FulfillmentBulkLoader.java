package dev.emporium.fulfillment;

import dev.emporium.account.AccountBulkLoader;
import dev.emporium.account.DemoAccounts;
import dev.emporium.platform.db.BulkCopy;
import dev.emporium.platform.db.QueryClass;
import dev.emporium.platform.db.StatementTimeouts;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk loading for the data generator: parcels and their scan events with {@code COPY}, consistent
 * with every rule the API enforces (see {@link ParcelPlan}), plus the warehouse staff who scanned
 * them ({@link DemoAccounts#generatedStaffEmail}, the demo password). The foreign keys are dropped
 * for the load and added back afterwards: PostgreSQL then validates each with one join instead of
 * one lookup per row. Deterministic: the same counts and seed give the same rows (times are
 * anchored to the start of the current UTC day, all before it).
 */
@Component
public class FulfillmentBulkLoader {

    private static final Logger log = LoggerFactory.getLogger(FulfillmentBulkLoader.class);

    private static final List<String> PARCEL_COLUMNS = List.of(
            "id", "qr", "kind", "status", "area", "parent_id", "capacity", "child_count", "created_at", "updated_at");
    private static final List<String> EVENT_COLUMNS =
            List.of("parcel_id", "action", "status", "area", "scanned_by", "scanned_at");

    private static final String DROP_FOREIGN_KEYS = """
            alter table scan_events drop constraint if exists scan_events_parcel_id_fkey;
            alter table parcels drop constraint if exists parcels_parent_id_fkey
            """;
    private static final String ADD_FOREIGN_KEYS = """
            alter table parcels add constraint parcels_parent_id_fkey foreign key (parent_id) references parcels (id);
            alter table scan_events add constraint scan_events_parcel_id_fkey foreign key (parcel_id) references parcels (id)
            """;
    private static final String RESTART_PARCEL_IDS =
            "select setval(pg_get_serial_sequence('parcels', 'id'), (select coalesce(max(id), 0) + 1 from parcels), false)";
    private static final String REFRESH_STATS = "refresh materialized view fulfillment_stats";

    /** Parcels per staff member, so a data set has between 5 and 60 scanners. */
    private static final long PARCELS_PER_SCANNER = 13_000;

    private final BulkCopy copy;
    private final JdbcClient jdbc;
    private final AccountBulkLoader accounts;
    private final DemoAccounts demoAccounts;
    private final TransactionTemplate transactions;
    private final StatementTimeouts timeouts;

    FulfillmentBulkLoader(
            BulkCopy copy,
            JdbcClient jdbc,
            AccountBulkLoader accounts,
            DemoAccounts demoAccounts,
            TransactionTemplate transactions,
            StatementTimeouts timeouts) {
        this.copy = copy;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.demoAccounts = demoAccounts;
        this.transactions = transactions;
        this.timeouts = timeouts;
    }

    /** Bulk statements run longer than the request path's statement_timeout allows: the bulk class, unbounded. */
    private void unlimited(String sql) {
        transactions.executeWithoutResult(tx -> {
            timeouts.apply(QueryClass.BULK);
            jdbc.sql(sql).update();
        });
    }

    /** The reference proportions: 800,000 parcels and 5,000,000 scans for a million products. */
    public void generateForCatalogOf(long products, long seed) {
        long parcels = products * 4 / 5;
        generate(parcels, parcels * 25 / 4, seed);
    }

    public void truncate() {
        unlimited("truncate scan_events, parcels restart identity");
    }

    /** Replaces all parcels and scan events with {@code parcels} parcels and (about) {@code scans} events. */
    public void generate(long parcels, long scans, long seed) {
        timeouts.unbounded(() -> load(parcels, scans, seed));
    }

    private void load(long parcels, long scans, long seed) {
        long started = System.nanoTime();
        int scanners = (int) Math.clamp(parcels / PARCELS_PER_SCANNER, 5, 60);
        List<Long> staff = accounts.ensureStaff(scanners, demoAccounts.passwordHash());
        ParcelPlan plan = new ParcelPlan(
                Math.toIntExact(parcels), scans, seed, Instant.now().truncatedTo(ChronoUnit.DAYS), staff);
        log.info(
                "Generating fulfillment: {} parcels ({} parents), {} scan events by {} staff (seed {})",
                parcels,
                plan.parents(),
                plan.events(),
                staff.size(),
                seed);
        truncate();
        jdbc.sql(DROP_FOREIGN_KEYS).update();
        boolean large = parcels >= 50_000;
        copy.copy("parcels", PARCEL_COLUMNS, parcels, large, (i, row) -> plan.writeParcel((int) i, row));
        jdbc.sql(RESTART_PARCEL_IDS).query(Long.class).single();
        ParcelPlan.EventWriter events = plan.eventWriter();
        copy.copy("scan_events", EVENT_COLUMNS, plan.events(), plan.events() >= 50_000, (i, row) -> events.write(row));
        long fkStart = System.nanoTime();
        unlimited(ADD_FOREIGN_KEYS);
        log.info("fulfillment: foreign keys validated in {} s", seconds(fkStart));
        unlimited(REFRESH_STATS);
        log.info("Fulfillment loaded: {} parcels, {} scan events in {} s", parcels, plan.events(), seconds(started));
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f", (System.nanoTime() - startedNanos) / 1e9);
    }
}
