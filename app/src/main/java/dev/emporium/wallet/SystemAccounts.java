package dev.emporium.wallet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The shop's own ledger accounts per currency: {@code DEPOSITS} (cash-in; its balance is minus all
 * money ever brought in), {@code ORDER_REVENUE} (what orders paid), {@code REFUNDS} (minus all money
 * paid back) and {@code SUPPLIER_PAYOUTS} (minus all money paid to suppliers). One account of each
 * kind, except revenue: {@code emporium.wallet.revenue-shards} accounts (V16), because every order
 * payment credits revenue and one row would make every checkout wait for the previous one's commit;
 * a payment goes to shard {@code orderId mod shards} ({@link #revenue}) and the shop's revenue is the
 * sum of the shards. Ensured at start-up for the configured currency; their ids never change, so
 * they are remembered after the first lookup (the data generator, which recreates them, calls
 * {@link #forget()}).
 */
@Component
@Order(-10)
class SystemAccounts implements ApplicationRunner {

    private final WalletAccountRepository accounts;
    private final WalletProperties properties;
    private final Map<String, List<WalletAccount>> known = new ConcurrentHashMap<>();

    SystemAccounts(WalletAccountRepository accounts, WalletProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensure(properties.currency());
    }

    void ensure(String currency) {
        accounts.ensureSystemAccount(WalletAccount.DEPOSITS, currency, true, 1);
        accounts.ensureSystemAccount(WalletAccount.ORDER_REVENUE, currency, false, properties.revenueShards());
        accounts.ensureSystemAccount(WalletAccount.REFUNDS, currency, true, 1);
        accounts.ensureSystemAccount(WalletAccount.SUPPLIER_PAYOUTS, currency, true, 1);
    }

    /** The account of a kind (for revenue: shard 0, where bulk loads credit). */
    WalletAccount get(String kind, String currency) {
        return shards(kind, currency).getFirst();
    }

    /** The revenue account an order's payment credits: shard {@code orderId mod revenue-shards}. */
    WalletAccount revenue(String currency, long orderId) {
        List<WalletAccount> shards = shards(WalletAccount.ORDER_REVENUE, currency);
        int used = Math.min(shards.size(), properties.revenueShards());
        return shards.get((int) Math.floorMod(orderId, (long) used));
    }

    private List<WalletAccount> shards(String kind, String currency) {
        return known.computeIfAbsent(kind + ':' + currency, k -> {
            List<WalletAccount> found = accounts.systemAccounts(kind, currency);
            if (found.isEmpty()) {
                throw new IllegalStateException("no " + kind + " account for " + currency);
            }
            return List.copyOf(found);
        });
    }

    void forget() {
        known.clear();
    }
}
