package dev.emporium.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured first admin at start-up if no user has that email. Several nodes starting
 * at once are safe: the insert does nothing when the email exists, and only the node whose insert
 * took effect writes the {@code ADMIN_CREATED} audit row. An existing account with that email is
 * never promoted or given a new password; a misconfiguration (email without a usable password)
 * stops the start-up rather than leaving the system without the admin the operator asked for.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AdminProperties properties;
    private final AccountService accounts;

    AdminBootstrap(AdminProperties properties, AccountService accounts) {
        this.properties = properties;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        bootstrap(properties);
    }

    void bootstrap(AdminProperties admin) {
        String email = admin.email();
        if (email == null || !admin.configured()) {
            log.info("No first admin configured (EMPORIUM_ADMIN_EMAIL is not set)");
            return;
        }
        String password = admin.password();
        if (password == null || password.length() < 10 || password.length() > 128) {
            throw new IllegalStateException(
                    "EMPORIUM_ADMIN_EMAIL is set, so EMPORIUM_ADMIN_PASSWORD must be 10 to 128 characters long");
        }
        accounts.createAdminIfAbsent(email, password)
                .ifPresentOrElse(
                        id -> log.info("Created the first admin {} (user {})", email, id),
                        () -> accounts.findByEmail(email)
                                .filter(existing -> existing.role() != Role.ADMIN)
                                .ifPresent(existing -> log.warn(
                                        "{} exists with role {}; it was not promoted to ADMIN",
                                        existing.email(),
                                        existing.role())));
    }
}
