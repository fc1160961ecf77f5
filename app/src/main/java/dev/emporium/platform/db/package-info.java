/**
 * Database access and its guards: the embedded PostgreSQL that is the durable default, the
 * {@code COPY} bulk loader, and the statement observation that counts each request's SQL and logs
 * slow statement shapes.
 *
 * <p>Named interface {@code db}: {@link dev.emporium.platform.db.BulkCopy}, for the features' bulk
 * loaders, and {@link dev.emporium.platform.db.TransactionRetry}, the one way a feature runs a whole
 * transaction again after a deadlock or serialization failure (the wallet's money writes, fulfillment's
 * scan writes). Everything else here is wired by Spring and used by no feature directly.
 */
@NullMarked
package dev.emporium.platform.db;

import org.jspecify.annotations.NullMarked;
