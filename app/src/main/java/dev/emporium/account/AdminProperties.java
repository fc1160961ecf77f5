package dev.emporium.account;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator, usually given as {@code EMPORIUM_ADMIN_EMAIL} and
 * {@code EMPORIUM_ADMIN_PASSWORD} (relaxed binding maps them here). There is deliberately no
 * default: without both, no admin is created.
 *
 * @param email the admin's email; created at start-up when set and no user has it yet
 * @param password the admin's initial password, 10 to 128 characters
 */
@ConfigurationProperties("emporium.admin")
public record AdminProperties(
        @Nullable String email, @Nullable String password) {

    boolean configured() {
        return email != null && !email.isBlank();
    }

    @Override
    public String toString() {
        return "AdminProperties[email=" + email + ", password=" + (password == null ? "null" : "******") + "]";
    }
}
