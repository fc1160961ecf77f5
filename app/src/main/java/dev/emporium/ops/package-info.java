/**
 * The operator's page: {@code /ops} (static assets served by the application, no build step) and the
 * ADMIN endpoint it polls, {@code GET /api/v1/admin/ops/snapshot}, which answers the node's raw
 * cumulative meters (request counts and latency histogram buckets per endpoint group, cache lookups
 * per cache, tier and result, the database pool, fulfillment's scans by source and outcome, the latest
 * slow statements, each materialized view's age). The page turns
 * successive snapshots into rates, percentiles and ratios, the way Prometheus does with the same
 * counters, so the server keeps no per-viewer state.
 */
@NullMarked
package dev.emporium.ops;

import org.jspecify.annotations.NullMarked;
