package dev.emporium.account;

/** The kinds of security event written to {@code audit_log}. Stored by name, so never rename one. */
enum AuditEvent {
    REGISTERED,
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    TOKEN_REFRESHED,
    LOGOUT,
    ROLE_CHANGED,
    ADMIN_CREATED,
    REFRESH_TOKEN_REUSED,
    SESSIONS_REVOKED,
    /** A login guard limit was reached: detail {@code scope} is {@code address} (this account from one address) or {@code account}. */
    LOGIN_LOCKED
}
