package dev.emporium.account;

import dev.emporium.platform.ratelimit.ClientAddress;
import dev.emporium.platform.ratelimit.Decision;
import dev.emporium.platform.ratelimit.RateLimitExceeded;
import dev.emporium.platform.ratelimit.RateLimits;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Refuses login attempts before the password is hashed, by two failure budgets per account name
 * (the per-address limit on the login route itself is the rate-limit filter's):
 *
 * <ol>
 *   <li><b>Address lock</b> ({@code login-address-account}, default 5 per 15 min): failures for one
 *       account from one client address. When spent, that address is locked out of that account
 *       ({@code 429 login_locked}) until the bucket refills: one more try every 3 minutes, all five
 *       back after 15 quiet minutes. Other addresses, the owner's included, are not affected.
 *   <li><b>Account ceiling</b> ({@code login-account}, default 10 per 5 min): failures for the account
 *       from every address together, against guessing spread over many addresses
 *       ({@code 429 login_throttled}). An address from which the account logged in successfully within
 *       {@code emporium.login-guard.known-address-horizon} (30 days) is exempt, so the ceiling cannot
 *       keep the owner out from their usual places; from a new address the owner waits at most until
 *       the next token (30 s by default) after the attack stops.
 * </ol>
 *
 * A token is taken from both before hashing and given back when the password was right, so only
 * failures count and concurrent attempts cannot overspend. Reaching either limit writes one
 * {@code LOGIN_LOCKED} audit row (detail {@code scope}); refused attempts are counted
 * ({@code emporium.ratelimit.refused}) but not audited one by one, so a flood cannot flood the log.
 * Account names are keyed by a SHA-256 digest (no e-mail addresses in Redis keys).
 */
@Component
class LoginGuard {

    /** What {@link #admit} took, to settle once the password has been checked. */
    record Attempt(
            String account,
            String addressAccount,
            @Nullable Decision byAddress,
            @Nullable Decision byAccount) {}

    private final RateLimits limits;
    private final AuditRepository audit;
    private final AuditLog auditLog;
    private final LoginGuardProperties properties;

    LoginGuard(RateLimits limits, AuditRepository audit, AuditLog auditLog, LoginGuardProperties properties) {
        this.limits = limits;
        this.audit = audit;
        this.auditLog = auditLog;
        this.properties = properties;
    }

    /**
     * Takes a failure token from both budgets or throws 429.
     *
     * @param userId the account's id if it exists (decides the known-address exemption)
     */
    Attempt admit(String email, String address, @Nullable Long userId) {
        String account = key(email);
        String addressAccount = account + ':' + ClientAddress.bucketKey(address);
        if (!limits.enabled()) {
            return new Attempt(account, addressAccount, null, null);
        }
        Decision byAddress = limits.tryConsume(RateLimits.LOGIN_ADDRESS_ACCOUNT, addressAccount);
        if (!byAddress.allowed()) {
            throw new RateLimitExceeded(
                    byAddress,
                    "login_locked",
                    "Too many failed logins for this account from your address; retry after " + byAddress.resetSeconds()
                            + " s");
        }
        Decision byAccount = limits.tryConsume(RateLimits.LOGIN_ACCOUNT, account);
        if (!byAccount.allowed()) {
            if (userId != null && audit.loggedInFrom(userId, address, properties.knownAddressHorizon())) {
                return new Attempt(account, addressAccount, byAddress, null);
            }
            limits.giveBack(RateLimits.LOGIN_ADDRESS_ACCOUNT, addressAccount);
            throw new RateLimitExceeded(
                    byAccount,
                    "login_throttled",
                    "Too many failed logins for this account; retry after " + byAccount.resetSeconds() + " s");
        }
        return new Attempt(account, addressAccount, byAddress, byAccount);
    }

    /** The password was right: the attempt costs nothing. */
    void succeeded(Attempt attempt) {
        if (attempt.byAddress() != null) {
            limits.giveBack(RateLimits.LOGIN_ADDRESS_ACCOUNT, attempt.addressAccount());
        }
        if (attempt.byAccount() != null) {
            limits.giveBack(RateLimits.LOGIN_ACCOUNT, attempt.account());
        }
    }

    /** The password was wrong (or the account unknown): the tokens stay spent; a budget just emptied is audited. */
    void failed(Attempt attempt, @Nullable Long userId, String email, String address) {
        Decision byAddress = attempt.byAddress();
        if (byAddress != null && byAddress.remaining() == 0) {
            lockAudited(byAddress, "address", userId, email, address);
        }
        Decision byAccount = attempt.byAccount();
        if (byAccount != null && byAccount.remaining() == 0) {
            lockAudited(byAccount, "account", userId, email, address);
        }
    }

    private void lockAudited(Decision decision, String scope, @Nullable Long userId, String email, String address) {
        auditLog.record(
                AuditEvent.LOGIN_LOCKED,
                userId,
                email,
                address,
                Map.of(
                        "scope",
                        scope,
                        "failures",
                        decision.policy().limit(),
                        "windowSeconds",
                        decision.policy().period().toSeconds()));
    }

    private static String key(String email) {
        byte[] digest = TokenIssuer.hash(email.strip().toLowerCase(Locale.ROOT));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
