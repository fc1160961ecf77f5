/**
 * Fulfillment: parcels identified by QR codes, their scans at warehouse speed, parent/child
 * structure (a shipment bag, {@code PARENT}, holds item bags, {@code CHILD}), bulk scan ingestion and
 * stats. Every route is STAFF's (or ADMIN's); customers get 403.
 *
 * <p>Invariants, each kept by one conditional statement rather than read-then-write:
 *
 * <ul>
 *   <li>A QR code names one parcel: the unique index is the conflict target of every scan's upsert,
 *       so concurrent first scans of a new code create it once.
 *   <li>Status moves only along {@link dev.emporium.fulfillment.ParcelStatus}'s transitions; a child
 *       inside a parent is dispatched and delivered with it.
 *   <li>A child has at most one parent ({@code ... where parent_id is null}); a parent never holds
 *       more children than its capacity ({@code ... where child_count < capacity}); a dispatched
 *       parent gains none. Violations are 409 with a {@code code}, nothing written.
 *   <li>A scan sent again with the same client scan id (per scanner) replays the first answer and
 *       records nothing; the same id with other content is 422.
 *   <li>Stats come from a materialized view refreshed off the request path ({@code asOf} says when);
 *       nothing on the request path counts scan events.
 * </ul>
 *
 * <p>Public API: {@link dev.emporium.fulfillment.FulfillmentBulkLoader} for the data generator.
 */
@NullMarked
package dev.emporium.fulfillment;

import org.jspecify.annotations.NullMarked;
