package dev.emporium.account;

import dev.emporium.account.SessionRepository.Rotated;
import dev.emporium.account.UserRepository.Credentials;
import dev.emporium.platform.security.SessionRevocations;
import dev.emporium.platform.security.TokenProperties;
import dev.emporium.platform.web.ApiException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Login, refresh and logout: the life of a session.
 *
 * <p>A session is one row in {@code sessions}, created by a login and ended by logout (revoked),
 * by the idle timeout ({@code emporium.security.session-idle-timeout}: no refresh for that long) or
 * by the absolute timeout ({@code emporium.security.session-absolute-timeout}, fixed at login as
 * {@code expires_at}). Both timeouts are judged by PostgreSQL's clock in the statement that uses the
 * session, so every node agrees. Each refresh rotates the refresh token: the presented one stops
 * working the moment the new one is issued, and of several concurrent refreshes with the same token
 * exactly one wins.
 *
 * <p>Reuse detection: every token a session rotated away from is kept (hashed) with the session. One
 * presented again after {@code emporium.security.refresh-reuse-grace} was copied — by a thief, or by
 * the user after a thief refreshed first — so the whole session is revoked (both must log in again)
 * and {@code REFRESH_TOKEN_REUSED} is audited. Within the grace period it only fails: that is a
 * client's own race or retry. A user can also end all their sessions, and a role change ends all of
 * the user's sessions.
 *
 * <p>Every revocation here (logout, log out everywhere, reuse detection) is also handed to
 * {@link SessionRevocations}, which every node checks on every authenticated request without a query, so the
 * session's access tokens stop working at once too, on every node.
 *
 * <p>Before the password is hashed, {@link LoginGuard} may refuse the attempt with 429 (too many
 * failures for the account from this address, or from everywhere); hashing itself runs on the
 * bounded pool of the platform's password encoder (503 when it is saturated).
 *
 * <p>Login answers the same 401 for an unknown email and a wrong password, and spends one bcrypt
 * comparison either way, so neither the message nor the timing tells whether an email is registered.
 */
@Service
class SessionService {

    private static final String BAD_CREDENTIALS = "The email or password is incorrect";
    private static final String DEAD_SESSION = "The refresh token is invalid, expired or revoked";

    private final UserRepository users;
    private final SessionRepository sessions;
    private final TokenIssuer tokens;
    private final PasswordEncoder passwords;
    private final TokenProperties properties;
    private final AuditLog audit;
    private final LoginGuard guard;
    private final SessionRevocations revocations;
    /** Compared against when the email is unknown, so that path costs what a wrong password costs. */
    private final String dummyHash;

    SessionService(
            UserRepository users,
            SessionRepository sessions,
            TokenIssuer tokens,
            PasswordEncoder passwords,
            TokenProperties properties,
            AuditLog audit,
            LoginGuard guard,
            SessionRevocations revocations) {
        this.revocations = revocations;
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.passwords = passwords;
        this.properties = properties;
        this.audit = audit;
        this.guard = guard;
        this.dummyHash = passwords.encode("no user has this password; it only burns the same time");
    }

    TokenPair login(String email, String password, String remoteAddr) {
        Optional<Credentials> found = users.findCredentials(email);
        Long userId = found.map(Credentials::userId).orElse(null);
        LoginGuard.Attempt attempt = guard.admit(email, remoteAddr, userId);
        boolean matches =
                passwords.matches(password, found.map(Credentials::passwordHash).orElse(dummyHash));
        if (found.isEmpty() || !matches) {
            audit.record(AuditEvent.LOGIN_FAILED, userId, email, remoteAddr);
            guard.failed(attempt, userId, email, remoteAddr);
            throw ApiException.unauthorized(BAD_CREDENTIALS);
        }
        guard.succeeded(attempt);
        Credentials user = found.get();
        String refreshToken = tokens.newRefreshToken();
        long sessionId =
                sessions.insert(user.userId(), TokenIssuer.hash(refreshToken), properties.sessionAbsoluteTimeout());
        audit.record(AuditEvent.LOGIN_SUCCEEDED, user.userId(), email, remoteAddr);
        return tokens.pair(user.userId(), user.role(), sessionId, refreshToken);
    }

    TokenPair refresh(String refreshToken, String remoteAddr) {
        String next = tokens.newRefreshToken();
        byte[] presented = TokenIssuer.hash(refreshToken);
        Optional<Rotated> rotated =
                sessions.rotateLive(presented, TokenIssuer.hash(next), properties.sessionIdleTimeout());
        if (rotated.isEmpty()) {
            sessions.revokeReused(presented, properties.refreshReuseGrace()).ifPresent(reused -> {
                revocations.revoke(List.of(reused.sessionId()));
                audit.record(
                        AuditEvent.REFRESH_TOKEN_REUSED,
                        reused.userId(),
                        null,
                        remoteAddr,
                        java.util.Map.of("session", reused.sessionId()));
            });
            throw ApiException.unauthorized(DEAD_SESSION);
        }
        Rotated session = rotated.get();
        audit.record(AuditEvent.TOKEN_REFRESHED, session.userId(), null, remoteAddr);
        return tokens.pair(session.userId(), session.role(), session.sessionId(), next);
    }

    /** Ends every session of the user: their refresh and access tokens stop working at once. */
    void revokeAll(long userId, String remoteAddr) {
        List<Long> revoked = sessions.revokeAllOf(userId);
        revocations.revoke(revoked);
        audit.record(
                AuditEvent.SESSIONS_REVOKED,
                userId,
                null,
                remoteAddr,
                java.util.Map.of("sessions", revoked.size(), "by", userId));
    }

    /**
     * Ends the session: its refresh token and its access tokens stop working at once. Idempotent: revoking an
     * unknown or already revoked token changes nothing and records nothing.
     */
    void logout(String refreshToken, String remoteAddr) {
        sessions.revoke(TokenIssuer.hash(refreshToken)).ifPresent(ended -> {
            revocations.revoke(List.of(ended.sessionId()));
            audit.record(AuditEvent.LOGOUT, ended.userId(), null, remoteAddr);
        });
    }
}
