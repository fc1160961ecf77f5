package dev.emporium.account;

import dev.emporium.platform.security.SessionRevocations;
import dev.emporium.platform.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account feature's public API: creating users, looking them up, and changing roles.
 *
 * <p>Other features call {@link #createUser}, {@link #createUserIfAbsent}, {@link #findById} and
 * {@link #hashPassword}. A bulk loader that writes {@code users} rows itself (with {@code COPY})
 * hashes the shared password once with {@link #hashPassword} rather than per row: bcrypt is slow on
 * purpose, and 200,000 hashes would take hours.
 */
@Service
public class AccountService {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    private final TransactionTemplate transactions;
    private final SessionRepository sessions;
    private final SessionRevocations revocations;

    AccountService(
            UserRepository users,
            PasswordEncoder passwords,
            AuditLog audit,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            SessionRepository sessions,
            SessionRevocations revocations) {
        this.sessions = sessions;
        this.revocations = revocations;
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.events = events;
        this.transactions = transactions;
    }

    /**
     * Creates a user and answers its id.
     *
     * @throws ApiException 409 when the email is taken, in any letter case
     */
    public long createUser(String email, String rawPassword, String name, Role role) {
        return createUserIfAbsent(email, rawPassword, name, role)
                .orElseThrow(() -> ApiException.conflict("An account with this email already exists"));
    }

    /**
     * Creates a user unless the email is taken; answers the new id, or nothing if it existed. A new
     * CUSTOMER is announced with {@link CustomerCreated} (the wallet feature opens its wallet).
     */
    public Optional<Long> createUserIfAbsent(String email, String rawPassword, String name, Role role) {
        Optional<Long> id = users.insertIfEmailFree(email.strip(), passwords.encode(rawPassword), name.strip(), role);
        if (role == Role.CUSTOMER) {
            id.ifPresent(created -> events.publishEvent(new CustomerCreated(created)));
        }
        return id;
    }

    public Optional<Account> findById(long id) {
        return users.findById(id);
    }

    public Optional<Account> findByEmail(String email) {
        return users.findByEmail(email);
    }

    /** The stored form of a password, for loaders that insert many users sharing one password. */
    public String hashPassword(String rawPassword) {
        return passwords.encode(rawPassword);
    }

    /**
     * Hashes first, then opens the transaction: bcrypt takes tens of milliseconds on purpose, and a
     * transaction open around it would hold a pooled connection for all that time, so a burst of
     * registrations could starve every other request of connections.
     */
    Account register(String email, String rawPassword, String name, String remoteAddr) {
        String hash = passwords.encode(rawPassword);
        return transactions.execute(status -> {
            long id = users.insertIfEmailFree(email.strip(), hash, name.strip(), Role.CUSTOMER)
                    .orElseThrow(() -> ApiException.conflict("An account with this email already exists"));
            audit.record(AuditEvent.REGISTERED, id, email.strip(), remoteAddr);
            events.publishEvent(new CustomerCreated(id));
            return users.findById(id).orElseThrow();
        });
    }

    /**
     * Sets a user's role and ends all of the user's sessions, so no refresh or access token minted under the old
     * role works after the commit, on any node ({@link SessionRevocations}). Admins may not change their own role:
     * that keeps the last admin from locking everybody out of the admin API.
     */
    @Transactional
    Account changeRole(long userId, Role role, long actorId, String remoteAddr) {
        if (userId == actorId) {
            throw new ApiException(HttpStatus.CONFLICT, "Conflict", "Admins cannot change their own role", Map.of());
        }
        Role previous = users.lockRole(userId).orElseThrow(() -> ApiException.notFound("No user with id " + userId));
        if (previous != role) {
            users.updateRole(userId, role);
            List<Long> revoked = sessions.revokeAllOf(userId);
            revocations.revoke(revoked);
            audit.record(
                    AuditEvent.ROLE_CHANGED,
                    userId,
                    null,
                    remoteAddr,
                    Map.of(
                            "from",
                            previous.name(),
                            "to",
                            role.name(),
                            "by",
                            actorId,
                            "sessionsRevoked",
                            revoked.size()));
        }
        return users.findById(userId).orElseThrow();
    }

    /** Creates the configured first admin unless the email exists; audited as {@code ADMIN_CREATED}. */
    @Transactional
    Optional<Long> createAdminIfAbsent(String email, String rawPassword) {
        Optional<Long> id = createUserIfAbsent(email, rawPassword, "Administrator", Role.ADMIN);
        id.ifPresent(created -> audit.record(
                AuditEvent.ADMIN_CREATED, created, email.strip(), null, Map.of("source", "configuration")));
        return id;
    }
}
