package dev.emporium.account;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The demo data's accounts, for the demo-data seeder and the README. They exist only where the demo
 * data is loaded; the only admin is ever the configured one ({@link AdminProperties}), so no demo
 * database ships with an admin whose password is public.
 *
 * <p>Every generated customer shares {@link #PASSWORD}: a bulk loader hashes it once with
 * {@link #passwordHash()} and writes that hash into every row.
 */
@Component
public class DemoAccounts {

    /** The one password of every demo and generated customer, documented in the README. */
    public static final String PASSWORD = "emporium-demo";

    /** Named customers a person can log in as right after the demo data loads. */
    public static final List<String> EMAILS = List.of("alice@demo.emporium.dev", "bob@demo.emporium.dev");

    private final AccountService accounts;

    DemoAccounts(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Creates the named demo customers that do not exist yet; answers how many it created. */
    public int createNamedCustomers() {
        int created = 0;
        for (String email : EMAILS) {
            String name = Character.toUpperCase(email.charAt(0)) + email.substring(1, email.indexOf('@'));
            if (accounts.createUserIfAbsent(email, PASSWORD, name, Role.CUSTOMER)
                    .isPresent()) {
                created++;
            }
        }
        return created;
    }

    /** The stored form of {@link #PASSWORD}, computed once per call: one bcrypt, not one per row. */
    public String passwordHash() {
        return accounts.hashPassword(PASSWORD);
    }

    /**
     * The email of generated warehouse operator number {@code n} (1-based, role STAFF, password
     * {@link #PASSWORD}); load tests scan as them. Only in generated data sets, like the customers.
     */
    public static String generatedStaffEmail(long n) {
        return "staff" + n + "@demo.emporium.dev";
    }

    /** The email of generated customer number {@code n} (1-based), so load tests can log in as any of them. */
    public static String generatedCustomerEmail(long n) {
        return "customer" + n + "@demo.emporium.dev";
    }
}
