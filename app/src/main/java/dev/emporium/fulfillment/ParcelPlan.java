package dev.emporium.fulfillment;

import dev.emporium.platform.db.BulkCopy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated warehouse history that obeys the API's rules, built in memory (a few bytes per
 * parcel) and written row by row. Parcels come in groups created in time order over the 90 days
 * before {@code anchor}: 90% are a parent with 10–40 children (capacity 50), 10% a child on its
 * own. A group's stage follows its age: older than a week delivered, 3–7 days dispatched, 1–3 days
 * packed, younger scanned in (children of a group are linked, so packed, from the start); among the
 * youngest standalone children one in five is only CREATED (label printed). Areas and scanners
 * are skewed (a few busy zones and people).
 *
 * <p>Events per parcel: its creating scan, one per later status step (a parent's dispatch and
 * delivery carry its children, which get no event of their own, as in the API), a LINKED event
 * per child, then location scans spread evenly so that the total is exactly the requested count
 * (when it exceeds what the steps need). Times increase per parcel and stay before the anchor.
 */
final class ParcelPlan {

    private static final long DAY = 86_400_000_000L;
    private static final long SPAN = 90 * DAY;
    private static final int AREAS = 40;
    private static final int CAPACITY = 50;

    private final int parcels;
    private final long anchor;
    private final List<Long> staff;
    private final long seed;
    private final int[] parent;
    private final boolean[] isParent;
    private final byte[] status;
    private final byte[] area;
    private final long[] created;
    private final int[] childCount;
    private final byte[] baseEvents;
    private final long events;
    private final long extraEach;
    private final long extraRemainder;

    ParcelPlan(int parcels, long scans, long seed, Instant anchor, List<Long> staff) {
        this.parcels = parcels;
        this.anchor = anchor.getEpochSecond() * 1_000_000;
        this.staff = staff;
        this.seed = seed;
        this.parent = new int[parcels];
        this.isParent = new boolean[parcels];
        this.status = new byte[parcels];
        this.area = new byte[parcels];
        this.created = new long[parcels];
        this.childCount = new int[parcels];
        this.baseEvents = new byte[parcels];
        SplittableRandom random = new SplittableRandom(seed ^ 0x9a4ce15L);
        long base = 0;
        int i = 0;
        while (i < parcels) {
            long start = this.anchor - SPAN + SPAN * i / parcels;
            byte zone = (byte) (AREAS * Math.pow(random.nextDouble(), 2));
            ParcelStatus stage = stage(this.anchor - start);
            boolean group = random.nextInt(10) != 0 && i + 1 < parcels;
            if (!group) {
                ParcelStatus own =
                        stage == ParcelStatus.SCANNED_IN && random.nextInt(5) == 0 ? ParcelStatus.CREATED : stage;
                base += place(i, -1, false, own, zone, start);
                i++;
                continue;
            }
            int children = Math.min(10 + random.nextInt(31), parcels - i - 1);
            base += place(i, -1, true, stage, zone, start);
            childCount[i] = children;
            ParcelStatus childStatus = stage.ordinal() < ParcelStatus.PACKED.ordinal() ? ParcelStatus.PACKED : stage;
            for (int c = 1; c <= children; c++) {
                base += place(i + c, i, false, childStatus, zone, start + c * 30_000_000L);
            }
            i += children + 1;
        }
        long extra = Math.max(0, scans - base);
        this.events = base + extra;
        this.extraEach = extra / parcels;
        this.extraRemainder = extra % parcels;
    }

    private int place(int i, int parentIndex, boolean asParent, ParcelStatus s, byte zone, long at) {
        parent[i] = parentIndex;
        isParent[i] = asParent;
        status[i] = (byte) s.ordinal();
        area[i] = zone;
        created[i] = at;
        int n;
        if (parentIndex >= 0) {
            n = 2; // created (scanned in), linked (packed); later steps travel with the parent
        } else if (s == ParcelStatus.CREATED) {
            n = 1;
        } else {
            n = 1 + s.ordinal() - ParcelStatus.SCANNED_IN.ordinal();
        }
        baseEvents[i] = (byte) n;
        return n;
    }

    private static ParcelStatus stage(long age) {
        if (age > 7 * DAY) {
            return ParcelStatus.DELIVERED;
        }
        if (age > 3 * DAY) {
            return ParcelStatus.DISPATCHED;
        }
        if (age > DAY) {
            return ParcelStatus.PACKED;
        }
        return ParcelStatus.SCANNED_IN;
    }

    long events() {
        return events;
    }

    long parents() {
        long count = 0;
        for (boolean p : isParent) {
            count += p ? 1 : 0;
        }
        return count;
    }

    static String qr(int index, boolean parent) {
        return (parent ? "P-" : "C-") + String.format("%08d", index + 1);
    }

    private static String areaName(int zone) {
        return String.format("A%02d", zone + 1);
    }

    private static String time(long micros) {
        return OffsetDateTime.ofInstant(
                        Instant.ofEpochSecond(
                                Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L),
                        ZoneOffset.UTC)
                .toString();
    }

    private int eventCount(int i) {
        long spread = ((long) i * 7_919) % parcels < extraRemainder ? 1 : 0;
        return (int) (baseEvents[i] + extraEach + spread);
    }

    /** The time of event {@code j} of {@code n} of parcel {@code i}: evenly between creation and the end. */
    private long eventTime(int i, int j, int n) {
        long end = Math.min(anchor - 1_000_000, created[i] + 10 * DAY);
        return created[i] + (end - created[i]) * j / Math.max(1, n);
    }

    void writeParcel(int i, BulkCopy.Row row) {
        int n = eventCount(i);
        row.add(i + 1)
                .add(qr(i, isParent[i]))
                .add(isParent[i] ? "PARENT" : "CHILD")
                .add(ParcelStatus.values()[status[i]].name())
                .add(areaName(area[i]))
                .add(parent[i] < 0 ? null : parent[i] + 1)
                .add(isParent[i] ? CAPACITY : null)
                .add(childCount[i])
                .add(time(created[i]))
                .add(time(eventTime(i, n - 1, n)));
    }

    EventWriter eventWriter() {
        return new EventWriter();
    }

    /** Writes every parcel's events in parcel order, one row per call. */
    final class EventWriter {
        private final SplittableRandom random = new SplittableRandom(seed ^ 0x5ca9L);
        private int parcel;
        private int event;

        void write(BulkCopy.Row row) {
            while (event >= eventCount(parcel)) {
                parcel++;
                event = 0;
            }
            int i = parcel;
            int n = eventCount(i);
            int j = event++;
            ParcelStatus finalStatus = ParcelStatus.values()[status[i]];
            String action;
            ParcelStatus at;
            if (j == 0) {
                action = "CREATED";
                at = finalStatus == ParcelStatus.CREATED ? ParcelStatus.CREATED : ParcelStatus.SCANNED_IN;
            } else if (j < baseEvents[i]) {
                if (parent[i] >= 0) {
                    action = "LINKED";
                    at = ParcelStatus.PACKED;
                } else {
                    action = "SCANNED";
                    at = ParcelStatus.values()[ParcelStatus.SCANNED_IN.ordinal() + j];
                }
            } else {
                action = "SCANNED";
                at = parent[i] >= 0 ? ParcelStatus.PACKED : finalStatus; // a child's location scans precede dispatch
            }
            int scanner = (int) (staff.size() * Math.pow(random.nextDouble(), 1.5));
            row.add(i + 1)
                    .add(action)
                    .add(at.name())
                    .add(areaName(area[i]))
                    .add(staff.get(scanner))
                    .add(time(eventTime(i, j, n)));
        }
    }
}
