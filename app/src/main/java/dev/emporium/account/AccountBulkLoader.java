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

    private static final String INSERT_USER = """
            insert into users (email, password_hash, name, role)
            values (:email, :passwordHash, :name, :role)
            on conflict do nothing
            """;

    /** Adds one account with an already hashed password, unless the email is taken. */
    public void insertUser(String email, String passwordHash, String name, String role) {
        jdbc.sql(INSERT_USER).param("email", email).param("passwordHash", passwordHash).param("name", name)
                .param("role", role).update();
    }

    /** Customers {@code customer1@domain} .. {@code customerN@domain}, all with {@code passwordHash}. */
    public void copyCustomers(long count, String domain, String passwordHash) {
        copy.copy("users", COLUMNS, count, count >= 50_000, (i, row) -> row
                .add("customer" + (i + 1) + "@" + domain)
                .add(passwordHash)
                .add("Customer " + (i + 1))
                .add("CUSTOMER"));
    }
}
