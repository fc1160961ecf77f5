package dev.emporium.fulfillment;

import dev.emporium.platform.web.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Up to 10,000 scans in one transaction of at most six statements.
 *
 * <p><b>What is rejected, and how.</b> Malformed input (a bad code, area or scan id, a kind that
 * contradicts the prefix, a scan id twice in the batch, more than 10,000 lines) rejects the whole
 * batch with 400 and every bad line named; nothing is written. A well-formed line the parcel's
 * state refuses (a transition that does not exist, the wrong kind, an unknown parcel, a child that
 * travels with its parent, a scan id reused with other content) is rejected alone and reported
 * with its reason; every other line is applied. A scanner uploading an offline shift should not
 * lose 9,999 scans to one stale line, and it learns exactly which line to look at.
 *
 * <p>Lines apply in order, so one batch may scan a code in, pack it and dispatch it. Lines whose
 * scan id this scanner already recorded are replayed (counted, not written again), so a resent
 * batch is harmless.
 */
@Service
class BatchScanService {

    private final BatchScanRepository batches;
    private final TransactionTemplate transactions;
    private final ScanWriteRetry retry;
    private final ScanCounter counter;

    BatchScanService(
            BatchScanRepository batches, TransactionTemplate transactions, ScanWriteRetry retry, ScanCounter counter) {
        this.batches = batches;
        this.transactions = transactions;
        this.retry = retry;
        this.counter = counter;
    }

    /** Where a parcel stands while the batch is being applied. */
    private static final class Sim {
        @Nullable
        Long id;

        final String qr;
        final ParcelKind kind;
        ParcelStatus status;
        String area;
        final @Nullable Long parentId;
        final @Nullable Integer capacity;

        @Nullable
        Long orderId;

        boolean changed;
        boolean fresh;

        @Nullable
        ParcelStatus carried;

        Sim(ScanRepository.State s) {
            this(s.id(), s.qr(), s.kind(), s.status(), "", s.parentId(), s.capacity(), s.orderId());
        }

        Sim(
                @Nullable Long id,
                String qr,
                ParcelKind kind,
                ParcelStatus status,
                String area,
                @Nullable Long parentId,
                @Nullable Integer capacity,
                @Nullable Long orderId) {
            this.id = id;
            this.qr = qr;
            this.kind = kind;
            this.status = status;
            this.area = area;
            this.parentId = parentId;
            this.capacity = capacity;
            this.orderId = orderId;
        }
    }

    private record Pending(Sim parcel, ScanAction action, ParcelStatus status, ScanCommand scan) {}

    /**
     * Applies the batch and counts its lines once it committed: accepted as applied, replayed as duplicate,
     * rejected as refused; every line as refused when the whole batch is (an unknown order, lasting contention).
     */
    Views.BatchResult apply(List<ScanCommand> lines, long scannedBy) {
        Views.BatchResult result;
        try {
            result = Refusals.orderMustExist(() ->
                    retry.run(() -> Objects.requireNonNull(transactions.execute(tx -> applyOnce(lines, scannedBy)))));
        } catch (ApiException e) {
            counter.record(ScanCounter.Source.BATCH, ScanCounter.Outcome.REFUSED, lines.size());
            throw e;
        }
        counter.record(ScanCounter.Source.BATCH, ScanCounter.Outcome.APPLIED, result.accepted());
        counter.record(ScanCounter.Source.BATCH, ScanCounter.Outcome.DUPLICATE, result.replayed());
        counter.record(
                ScanCounter.Source.BATCH,
                ScanCounter.Outcome.REFUSED,
                result.rejected().size());
        return result;
    }

    private Views.BatchResult applyOnce(List<ScanCommand> lines, long scannedBy) {
        String[] qrs = lines.stream().map(ScanCommand::qr).distinct().sorted().toArray(String[]::new);
        Map<String, Sim> parcels = new LinkedHashMap<>();
        for (ScanRepository.State state : batches.lock(qrs)) {
            parcels.put(state.qr(), new Sim(state));
        }
        Map<String, byte[]> stored = batches.storedScanIds(
                scannedBy, lines.stream().map(ScanCommand::scanId).toArray(String[]::new));

        List<Views.RejectedLine> rejected = new ArrayList<>();
        List<Pending> pending = new ArrayList<>(lines.size());
        List<Sim> created = new ArrayList<>();
        int replayed = 0;
        for (int i = 0; i < lines.size(); i++) {
            ScanCommand scan = lines.get(i);
            byte[] first = stored.get(scan.scanId());
            if (first != null) {
                if (Arrays.equals(first, scan.requestHash())) {
                    replayed++;
                } else {
                    rejected.add(reject(i, scan, Refusals.SCAN_ID_REUSED, "scan id already used for another scan"));
                }
                continue;
            }
            Sim parcel = parcels.get(scan.qr());
            ParcelStatus target = scan.target();
            if (parcel == null) {
                if (scan.advances()) {
                    rejected.add(reject(i, scan, Refusals.UNKNOWN_PARCEL, "no parcel with this code"));
                    continue;
                }
                parcel = new Sim(
                        null,
                        scan.qr(),
                        scan.kind(),
                        target == null ? ParcelStatus.SCANNED_IN : target,
                        scan.area(),
                        null,
                        scan.capacity(),
                        scan.orderId());
                parcel.fresh = true;
                parcels.put(scan.qr(), parcel);
                created.add(parcel);
                pending.add(new Pending(parcel, ScanAction.CREATED, parcel.status, scan));
                continue;
            }
            String refusal = refusal(parcel, scan);
            if (refusal != null) {
                int colon = refusal.indexOf(':');
                rejected.add(reject(i, scan, refusal.substring(0, colon), refusal.substring(colon + 1)));
                continue;
            }
            ParcelStatus next = Objects.requireNonNull(parcel.status.after(target), "refusal() checked it");
            if (parcel.kind == ParcelKind.PARENT && next.travelsWithParent() && next != parcel.status) {
                parcel.carried = next;
            }
            parcel.status = next;
            parcel.area = scan.area();
            if (parcel.orderId == null) {
                parcel.orderId = scan.orderId();
            }
            parcel.changed = true;
            pending.add(new Pending(parcel, ScanAction.SCANNED, next, scan));
        }
        write(created, parcels, pending, scannedBy);
        return new Views.BatchResult(lines.size(), pending.size(), replayed, created.size(), List.copyOf(rejected));
    }

    private void write(List<Sim> created, Map<String, Sim> parcels, List<Pending> pending, long scannedBy) {
        if (!created.isEmpty()) {
            Map<String, Long> ids = batches.insert(created.stream()
                    .map(p -> new BatchScanRepository.NewParcel(p.qr, p.kind, p.status, p.area, p.capacity, p.orderId))
                    .toList());
            if (ids.size() != created.size()) {
                throw new ScanWriteRetry.Raced("a concurrent writer created some of the batch's parcels");
            }
            created.forEach(p -> p.id = ids.get(p.qr));
        }
        List<BatchScanRepository.Change> changes = parcels.values().stream()
                .filter(p -> p.changed && !p.fresh)
                .map(p -> new BatchScanRepository.Change(Objects.requireNonNull(p.id), p.status, p.area, p.orderId))
                .toList();
        if (!changes.isEmpty()) {
            batches.update(changes);
        }
        List<Sim> carrying =
                parcels.values().stream().filter(p -> p.carried != null).toList();
        if (!carrying.isEmpty()) {
            batches.carryChildren(
                    carrying.stream().map(p -> Objects.requireNonNull(p.id)).toList(),
                    carrying.stream().map(p -> p.status).toList());
        }
        if (!pending.isEmpty()) {
            batches.copyEvents(
                    pending.stream()
                            .map(p -> new BatchScanRepository.Event(
                                    Objects.requireNonNull(p.parcel().id),
                                    p.action(),
                                    p.status(),
                                    p.scan().area(),
                                    p.scan().scanId(),
                                    p.scan().requestHash()))
                            .toList(),
                    scannedBy);
        }
    }

    /** {@code code:reason} when the parcel's state refuses the scan, else null. */
    private static @Nullable String refusal(Sim parcel, ScanCommand scan) {
        ParcelStatus target = scan.target();
        if (parcel.kind != scan.kind()) {
            return Refusals.WRONG_KIND + ":" + scan.qr() + " is a " + parcel.kind;
        }
        if (scan.orderId() != null && parcel.orderId != null && !scan.orderId().equals(parcel.orderId)) {
            return Refusals.ORDER_MISMATCH + ":" + scan.qr() + " already carries order " + parcel.orderId;
        }
        if (target != null && target.travelsWithParent() && parcel.parentId != null) {
            return Refusals.TRAVELS_WITH_PARENT + ":" + scan.qr() + " is inside a parent and moves with it";
        }
        if (parcel.status.after(target) == null) {
            return Refusals.INVALID_TRANSITION + ":"
                    + Refusals.transition(parcel.status, Objects.requireNonNull(target));
        }
        return null;
    }

    private static Views.RejectedLine reject(int line, ScanCommand scan, String code, String reason) {
        return new Views.RejectedLine(line, scan.scanId(), scan.qr(), code, reason);
    }
}
