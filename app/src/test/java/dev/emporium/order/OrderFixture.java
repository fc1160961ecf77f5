package dev.emporium.order;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;

/**
 * Products and customers for order tests. Products are made fresh for each test (own stock and
 * price); customers are generated ones from the shared data set with enough money, taken from a
 * range no other order test uses, so every test can assert exact balance changes.
 */
final class OrderFixture {

    private static int nextCustomerOffset = 0;

    private final JdbcClient jdbc;
    private final JwtEncoder tokens;

    OrderFixture(JdbcClient jdbc, JwtEncoder tokens, DataGenerator generator) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        TestData.ensureLoaded(generator, jdbc);
    }

    long product(long price, int stock) {
        return product(price, stock, true);
    }

    long product(long price, int stock, boolean active) {
        return jdbc.sql("""
                        insert into products (sku, name, brand, category_id, price, currency, stock, active)
                        values (:sku, :name, 'Order Tests', (select min(id) from categories), :price, 'EUR', :stock, :active)
                        returning id
                        """)
                .param("sku", "ord-" + UUID.randomUUID())
                .param(
                        "name",
                        "Order test product " + UUID.randomUUID().toString().substring(0, 8))
                .param("price", price)
                .param("stock", stock)
                .param("active", active)
                .query(Long.class)
                .single();
    }

    int stock(long productId) {
        return jdbc.sql("select stock from products where id = :id")
                .param("id", productId)
                .query(Integer.class)
                .single();
    }

    /** {@code count} distinct generated customers who each hold at least {@code minBalance}. */
    synchronized List<Long> customers(int count, long minBalance) {
        List<Long> ids = jdbc.sql("""
                        select owner_id
                          from wallet_accounts
                         where kind = 'CUSTOMER' and balance >= :min
                         order by owner_id desc
                         offset :offset limit :count
                        """)
                .param("min", minBalance)
                .param("offset", nextCustomerOffset)
                .param("count", count)
                .query(Long.class)
                .list();
        nextCustomerOffset += count;
        if (ids.size() < count) {
            throw new IllegalStateException("not enough generated customers with " + minBalance);
        }
        return ids;
    }

    long customer(long minBalance) {
        return customers(1, minBalance).getFirst();
    }

    long balance(long customerId) {
        return jdbc.sql("select balance from wallet_accounts where owner_id = :id")
                .param("id", customerId)
                .query(Long.class)
                .single();
    }

    String bearer(long userId) {
        return TestTokens.bearer(tokens, userId, "CUSTOMER");
    }

    String adminBearer() {
        long id = jdbc.sql("select id from users where role = 'ADMIN' order by id limit 1")
                .query(Long.class)
                .optional()
                .orElseGet(() -> jdbc.sql("""
                                insert into users (email, password_hash, name, role)
                                values (:email, 'x', 'Order Admin', 'ADMIN') returning id
                                """)
                        .param("email", "order-admin-" + UUID.randomUUID() + "@example.test")
                        .query(Long.class)
                        .single());
        return TestTokens.bearer(tokens, id, "ADMIN");
    }

    /** Money conservation: every entry sums to zero and every balance equals its entries. */
    void assertLedgerBalanced() {
        Long sum = jdbc.sql("select coalesce(sum(amount), 0) from wallet_entries")
                .query(Long.class)
                .single();
        Long mismatches = jdbc.sql("""
                        select count(*)
                          from wallet_accounts a
                          left join (select account_id, sum(amount) as total from wallet_entries group by account_id) s
                            on s.account_id = a.id
                         where a.balance <> coalesce(s.total, 0)
                            or (a.balance < 0 and not a.may_go_negative)
                        """).query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(sum)
                .as("all entries sum to zero")
                .isZero();
        org.assertj.core.api.Assertions.assertThat(mismatches)
                .as("accounts whose balance differs from their entries or is negative")
                .isZero();
    }
}
