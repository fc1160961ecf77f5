package dev.emporium.account;

import java.time.Instant;

/** A user as the API and other features see it: never the password hash. */
public record Account(long id, String email, String name, Role role, Instant createdAt) {}
