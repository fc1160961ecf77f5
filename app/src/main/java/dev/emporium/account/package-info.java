/**
 * Accounts and authentication: customers and admins, login, refresh-token sessions, logout, and the
 * security audit log.
 *
 * <p>Public API for other features: {@link dev.emporium.account.AccountService} (create users, hash a
 * password once for bulk loads, look a user up), {@link dev.emporium.account.Account},
 * {@link dev.emporium.account.Role} and {@link dev.emporium.account.DemoAccounts}. Controllers,
 * repositories and the session machinery are package-private.
 *
 * <p>Invariants: an email identifies at most one user, compared case-insensitively; a password is
 * stored only as the encoder's hash and never leaves this package; a refresh token is stored only as
 * its SHA-256 hash; every security-relevant event (registration, login success and failure, token
 * refresh, logout, role change, admin bootstrap) leaves one row in {@code audit_log}.
 */
@NullMarked
package dev.emporium.account;

import org.jspecify.annotations.NullMarked;
