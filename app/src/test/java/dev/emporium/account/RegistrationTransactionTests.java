package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.platform.security.SessionRevocations;
import dev.emporium.support.IntegrationTest;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Registration hashes the password before it takes a connection for its transaction. */
@IntegrationTest
class RegistrationTransactionTests {

    @Autowired
    UserRepository users;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SessionRepository sessions;

    @Autowired
    SessionRevocations revocations;

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void thePasswordIsHashedBeforeTheTransactionOpens() {
        AtomicReference<Boolean> hashedInTransaction = new AtomicReference<>();
        PasswordEncoder watching = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                hashedInTransaction.set(TransactionSynchronizationManager.isActualTransactionActive()
                        || TransactionSynchronizationManager.getResourceMap().size() > 0);
                return "{noop}" + raw;
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return encoded.equals("{noop}" + raw);
            }
        };
        var accounts = new AccountService(users, watching, audit, events, transactions, sessions, revocations);
        Account created = accounts.register(
                "hash-first-" + UUID.randomUUID() + "@example.com", "a long enough password", "Hash First", null);
        assertThat(created.id()).isPositive();
        assertThat(hashedInTransaction.get())
                .as("hashed while a transaction or connection was held")
                .isFalse();
    }
}
