package dev.emporium.account;

import dev.emporium.platform.db.BulkCopy;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bulk loading of generated accounts. Every generated customer shares one password hash (hashing
 * hundreds of thousands of passwords with an adaptive hash would take hours); the generator's
 * password is documented in the README.
 */
@Component
public class AccountBulkLoader {

    private static final List<String> COLUMNS = List.of("email", "password_hash", "name", "role");

    private final BulkCopy copy;
    private final JdbcClient jdbc;

    AccountBulkLoader(BulkCopy copy, JdbcClient jdbc) {
        this.copy = copy;
        this.jdbc = jdbc;
    }

    /** Removes every account and everything that hangs off accounts (sessions, audit rows). */
    public void truncate() {
        jdbc.sql("truncate users restart identity cascade").update();
    }

    private static final String ENSURE_STAFF = """
            insert into users (email, password_hash, name, role)
            select 'staff' || n || '@demo.emporium.dev', :passwordHash, 'Warehouse Staff ' || n, 'STAFF'
              from generate_series(1, :count) n
            on conflict do nothing
            """;

    private static final String STAFF_IDS = """
            select id
              from users
             where role = 'STAFF' and email like 'staff%@demo.emporium.dev'
             order by id
             limit :count
            """;

    /**
     * Makes sure warehouse staff {@link DemoAccounts#generatedStaffEmail 1..count} exist (sharing
     * {@code passwordHash}) and answers their ids in creation order, for generated scan events.
     */
    public java.util.List<Long> ensureStaff(int count, String passwordHash) {
        jdbc.sql(ENSURE_STAFF)
                .param("passwordHash", passwordHash)
                .param("count", count)
                .update();
        return jdbc.sql(STAFF_IDS)
                .param("count", count)
                .query((rs, n) -> rs.getLong(1))
                .list();
    }

    /** Customers {@link DemoAccounts#generatedCustomerEmail 1..count}, all with {@code passwordHash}. */
    public void copyCustomers(long count, String passwordHash) {
        copy.copy(
                "users",
                COLUMNS,
                count,
                count >= 50_000,
                (i, row) -> row.add(DemoAccounts.generatedCustomerEmail(i + 1))
                        .add(passwordHash)
                        .add("Customer " + (i + 1))
                        .add("CUSTOMER"));
    }
}
