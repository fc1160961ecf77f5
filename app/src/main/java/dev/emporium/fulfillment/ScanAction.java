package dev.emporium.fulfillment;

/** What a scan event records: a scan that created the parcel, any later scan, or a link into a parent. */
enum ScanAction {
    CREATED,
    SCANNED,
    LINKED
}
