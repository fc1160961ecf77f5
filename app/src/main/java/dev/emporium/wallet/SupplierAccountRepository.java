package dev.emporium.wallet;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for suppliers' ledger accounts ({@code wallet_accounts} of kind {@code SUPPLIER}). */
@Repository
class SupplierAccountRepository {

    static final String OPEN = """
            insert into wallet_accounts (kind, currency)
            values ('SUPPLIER', :currency)
            returning id
            """;

    /** {@code count} accounts in one statement, ids ascending (the bulk loader pairs them with suppliers in order). */
    static final String OPEN_MANY = """
            insert into wallet_accounts (kind, currency)
            select 'SUPPLIER', :currency
              from generate_series(1, :count)
            returning id
            """;

    static final String SUPPLIER_ACCOUNT = """
            select id, owner_id, kind, currency
              from wallet_accounts
             where id = :id
               and kind = 'SUPPLIER'
            """;

    private final JdbcClient jdbc;

    SupplierAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long open(String currency) {
        Long id = jdbc.sql(OPEN).param("currency", currency).query(Long.class).single();
        return java.util.Objects.requireNonNull(id, "insert ... returning id answers the id");
    }

    List<Long> openMany(String currency, int count) {
        return jdbc
                .sql(OPEN_MANY)
                .param("currency", currency)
                .param("count", count)
                .query((rs, n) -> rs.getLong(1))
                .list()
                .stream()
                .sorted()
                .toList();
    }

    Optional<WalletAccount> supplierAccount(long id) {
        return jdbc.sql(SUPPLIER_ACCOUNT)
                .param("id", id)
                .query((rs, n) ->
                        new WalletAccount(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4)))
                .optional();
    }
}
