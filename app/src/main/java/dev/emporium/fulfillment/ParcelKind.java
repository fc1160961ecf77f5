package dev.emporium.fulfillment;

/** A shipment bag that holds item bags, or an item bag. */
enum ParcelKind {
    PARENT,
    CHILD
}
