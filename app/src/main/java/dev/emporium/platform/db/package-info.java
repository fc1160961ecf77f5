/**
 * Database access and its guards: the embedded PostgreSQL that is the durable default, the
 * {@code COPY} bulk loader, the refresh of materialized views, and the statement observation that counts each request's SQL and logs
 * slow statement shapes.
 *
 * <p>Named interface {@code db}: {@link dev.emporium.platform.db.BulkCopy}, for the features' bulk
 * loaders; {@link dev.emporium.platform.db.TransactionRetry}, the one way a feature runs a whole
 * transaction again after a deadlock or serialization failure (the wallet's money writes, fulfillment's
 * scan writes); {@link dev.emporium.platform.db.RefreshedView} and
 * {@link dev.emporium.platform.db.MaterializedViewRefresher}, the one mechanism that refreshes the
 * features' materialized views off the request path (one node at a time, metrics, age);
 * {@link dev.emporium.platform.db.StatementTimeouts} and {@link dev.emporium.platform.db.QueryClass}, the one
 * way a feature runs statements under a longer {@code statement_timeout} than the request path's (a report's
 * transaction) or none (bulk work); {@link dev.emporium.platform.db.SpareConnections}, the one way a request
 * runs an independent read beside its own on a spare pooled connection (search's facets). Everything else here is wired by Spring and used by no feature directly.
 */
@NullMarked
package dev.emporium.platform.db;

import org.jspecify.annotations.NullMarked;
