package dev.emporium.fulfillment;

import java.util.EnumSet;
import java.util.Set;

/**
 * A parcel's life: {@code CREATED → SCANNED_IN → PACKED → DISPATCHED → DELIVERED}, never backwards,
 * never skipping a step. A scan may report the status it leaves the parcel in; reporting the
 * current status again is allowed (a location scan), as is a scan with no status, which checks a
 * {@code CREATED} parcel in and leaves any other where it is.
 *
 * <ul>
 *   <li>A new code may be first seen only as {@code CREATED} (label printed) or {@code SCANNED_IN}.
 *   <li>Linking a child to a parent packs it ({@code CREATED} or {@code SCANNED_IN} → {@code PACKED}).
 *   <li>A parent's {@code DISPATCHED} and {@code DELIVERED} carry its children along; a child inside a
 *       parent cannot be dispatched or delivered on its own.
 * </ul>
 */
enum ParcelStatus {
    CREATED,
    SCANNED_IN,
    PACKED,
    DISPATCHED,
    DELIVERED;

    /** Statuses a parcel may be in for a scan to leave it in this one. */
    Set<ParcelStatus> allowedFrom() {
        return this == CREATED ? EnumSet.of(CREATED) : EnumSet.of(values()[ordinal() - 1], this);
    }

    boolean canBeFirstSeen() {
        return this == CREATED || this == SCANNED_IN;
    }

    /** Children follow their parent into this status; they may not reach it alone. */
    boolean travelsWithParent() {
        return this == DISPATCHED || this == DELIVERED;
    }

    /** A parent in this status may still gain children, and a child in it may still be linked. */
    boolean open() {
        return this == CREATED || this == SCANNED_IN || this == PACKED;
    }

    /** Where a scan that names no status leaves a parcel in this one. */
    ParcelStatus afterPlainScan() {
        return this == CREATED ? SCANNED_IN : this;
    }

    /** Where a scan to {@code target} (null: a plain scan) leaves a parcel in this status; null if not allowed. */
    @org.jspecify.annotations.Nullable
    ParcelStatus after(@org.jspecify.annotations.Nullable ParcelStatus target) {
        if (target == null) {
            return afterPlainScan();
        }
        return target.allowedFrom().contains(this) ? target : null;
    }

    static String[] names(Set<ParcelStatus> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }
}
