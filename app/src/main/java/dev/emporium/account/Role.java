package dev.emporium.account;

/** What a user may do: customers use the shop, admins also manage the catalog and other users. */
public enum Role {
    CUSTOMER,
    ADMIN
}
