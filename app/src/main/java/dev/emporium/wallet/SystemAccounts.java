package dev.emporium.wallet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The shop's own ledger accounts, one of each kind per currency: {@code DEPOSITS} (cash-in; its
 * balance is minus all money ever brought in), {@code ORDER_REVENUE} (what orders paid), and
 * {@code REFUNDS} (minus all money paid back) and {@code SUPPLIER_PAYOUTS} (minus all money paid to
 * suppliers). Ensured at start-up for the configured currency;
 * their ids never change, so they are remembered after the first lookup (the data generator, which
 * recreates them, calls {@link #forget()}).
 */
@Component
@Order(-10)
class SystemAccounts implements ApplicationRunner {

    private final WalletAccountRepository accounts;
    private final WalletProperties properties;
    private final Map<String, WalletAccount> known = new ConcurrentHashMap<>();

    SystemAccounts(WalletAccountRepository accounts, WalletProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensure(properties.currency());
    }

    void ensure(String currency) {
        accounts.ensureSystemAccount(WalletAccount.DEPOSITS, currency, true);
        accounts.ensureSystemAccount(WalletAccount.ORDER_REVENUE, currency, false);
        accounts.ensureSystemAccount(WalletAccount.REFUNDS, currency, true);
        accounts.ensureSystemAccount(WalletAccount.SUPPLIER_PAYOUTS, currency, true);
    }

    WalletAccount get(String kind, String currency) {
        return known.computeIfAbsent(
                kind + ':' + currency,
                k -> accounts.systemAccount(kind, currency)
                        .orElseThrow(() -> new IllegalStateException("no " + kind + " account for " + currency)));
    }

    void forget() {
        known.clear();
    }
}
