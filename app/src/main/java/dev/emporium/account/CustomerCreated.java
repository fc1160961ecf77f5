package dev.emporium.account;

/**
 * Published, synchronously and inside the creating transaction when there is one, whenever a
 * CUSTOMER account is created (registration, demo customers). Listeners that must exist for every
 * customer (the wallet) react here, so a customer never exists without them once the transaction
 * commits. Bulk loads that {@code COPY} users publish nothing; their loaders create what hangs off
 * customers themselves.
 */
public record CustomerCreated(long userId) {}
