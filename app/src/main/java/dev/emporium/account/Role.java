package dev.emporium.account;

/**
 * What a user may do: customers use the shop, staff (warehouse operators) also scan and pack parcels,
 * admins may do everything staff may and also manage the catalog and other users.
 */
public enum Role {
    CUSTOMER,
    STAFF,
    ADMIN
}
