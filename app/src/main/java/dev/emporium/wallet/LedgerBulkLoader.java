package dev.emporium.wallet;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every bulk load of ledger history shares (opening deposits, generated order payments, supplier
 * payouts): the COPY column lists of the three ledger tables, and the step that moves stored balances
 * by the sum of the entries just loaded, so each balance still equals the sum of its entries.
 */
final class LedgerBulkLoader {

    static final List<String> TRANSFER_COLUMNS =
            List.of("id", "kind", "from_account_id", "to_account_id", "amount", "currency", "reference", "created_at");

    static final List<String> ENTRY_COLUMNS =
            List.of("transfer_id", "account_id", "amount", "balance_after", "created_at");

    static final List<String> AUDIT_COLUMNS = List.of(
            "occurred_at",
            "action",
            "transfer_id",
            "from_account_id",
            "to_account_id",
            "amount",
            "currency",
            "request_id",
            "detail");

    private static final String APPLY_LOADED_ENTRIES = """
            update wallet_accounts a
               set balance = a.balance + e.total
              from (select account_id, sum(amount) as total
                      from wallet_entries
                     where transfer_id > :afterTransferId
                     group by account_id) e
             where a.id = e.account_id
            """;

    private LedgerBulkLoader() {}

    /** Moves every stored balance by its entries of the transfers after {@code afterTransferId}, then analyses. */
    static void applyLoadedEntries(JdbcClient jdbc, long afterTransferId) {
        jdbc.sql(APPLY_LOADED_ENTRIES).param("afterTransferId", afterTransferId).update();
        jdbc.sql("vacuum (analyze) wallet_accounts").update();
    }
}
