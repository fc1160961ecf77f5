package dev.emporium.fulfillment;

import dev.emporium.platform.web.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Single scans and child links. Each is one transaction of one statement (two when a parent's
 * dispatch carries its children): the rules are conditions of the statement, so the fast path
 * reads nothing first. Only a refused write looks at the rows, after rolling back, to say why —
 * or to replay a resent scan. The connection is held for those statements only. Each scan and link is
 * counted once, by outcome, in {@link ScanCounter}.
 */
@Service
class ScanService {

    record Outcome<T>(T body, boolean created, boolean replayed) {}

    private final ScanRepository scans;
    private final TransactionTemplate transactions;
    private final ScanWriteRetry retry;
    private final ScanCounter counter;

    ScanService(ScanRepository scans, TransactionTemplate transactions, ScanWriteRetry retry, ScanCounter counter) {
        this.scans = scans;
        this.transactions = transactions;
        this.retry = retry;
        this.counter = counter;
    }

    Outcome<Views.ScanResult> scan(ScanCommand scan, long scannedBy) {
        return counted(ScanCounter.Source.SINGLE, () -> Refusals.orderMustExist(() -> scanOnce(scan, scannedBy)));
    }

    /**
     * Runs a scan or link (its transaction committed or rolled back by now, retries done) and counts it once:
     * applied, duplicate (a replay) or refused (an {@link ApiException}, nothing written). Other failures are not
     * an answer about the scan and are left to the error rate.
     */
    private <T> Outcome<T> counted(ScanCounter.Source source, Supplier<Outcome<T>> write) {
        Outcome<T> outcome;
        try {
            outcome = write.get();
        } catch (ApiException e) {
            counter.record(source, ScanCounter.Outcome.REFUSED, 1);
            throw e;
        }
        counter.record(source, outcome.replayed() ? ScanCounter.Outcome.DUPLICATE : ScanCounter.Outcome.APPLIED, 1);
        return outcome;
    }

    private Outcome<Views.ScanResult> scanOnce(ScanCommand scan, long scannedBy) {
        return retry.run(() -> {
            Optional<Views.ScanEvent> event = transactions.execute(tx -> {
                Optional<Views.ScanEvent> written =
                        scan.advances() ? scans.advance(scan, scannedBy) : scans.arrive(scan, scannedBy);
                if (written.isEmpty()) {
                    tx.setRollbackOnly();
                } else if (scan.kind() == ParcelKind.PARENT
                        && scan.target() != null
                        && scan.target().travelsWithParent()) {
                    scans.carryChildren(scan.qr(), scan.target());
                }
                return written;
            });
            if (Objects.requireNonNull(event).isPresent()) {
                Views.ScanEvent written = event.get();
                return new Outcome<>(
                        new Views.ScanResult(scan.qr(), scan.kind(), written.action() == ScanAction.CREATED, written),
                        true,
                        false);
            }
            return explainRefusedScan(scan, scannedBy);
        });
    }

    private Outcome<Views.ScanResult> explainRefusedScan(ScanCommand scan, long scannedBy) {
        Optional<ScanRepository.StoredScan> stored = scans.storedScan(scannedBy, scan.scanId());
        if (stored.isPresent()) {
            ScanRepository.StoredScan first = stored.get();
            if (!Arrays.equals(first.requestHash(), scan.requestHash())) {
                throw Refusals.scanIdReused(scan.scanId());
            }
            Views.ScanEvent event = first.event();
            return new Outcome<>(
                    new Views.ScanResult(first.qr(), first.kind(), event.action() == ScanAction.CREATED, event),
                    true,
                    true);
        }
        List<ScanRepository.State> states = scans.states(List.of(scan.qr()));
        if (states.isEmpty()) {
            if (scan.advances()) {
                throw Refusals.unknown(scan.qr());
            }
            throw new ScanWriteRetry.Raced("parcel vanished");
        }
        ScanRepository.State parcel = states.getFirst();
        ParcelStatus target = scan.target();
        if (parcel.kind() != scan.kind()) {
            throw Refusals.conflict(
                    Refusals.WRONG_KIND, scan.qr() + " is a " + parcel.kind() + ", not a " + scan.kind());
        }
        if (scan.orderId() != null
                && parcel.orderId() != null
                && !scan.orderId().equals(parcel.orderId())) {
            throw Refusals.conflict(Refusals.ORDER_MISMATCH, scan.qr() + " already carries order " + parcel.orderId());
        }
        if (target != null && target.travelsWithParent() && parcel.parentId() != null) {
            throw Refusals.conflict(
                    Refusals.TRAVELS_WITH_PARENT, scan.qr() + " is inside a parent and becomes " + target + " with it");
        }
        if (target != null && !target.allowedFrom().contains(parcel.status())) {
            throw Refusals.conflict(Refusals.INVALID_TRANSITION, Refusals.transition(parcel.status(), target));
        }
        throw new ScanWriteRetry.Raced("parcel changed");
    }

    Outcome<Views.LinkResult> link(String parentQr, String childQr, long scannedBy) {
        return counted(ScanCounter.Source.LINK, () -> linkOnce(parentQr, childQr, scannedBy));
    }

    private Outcome<Views.LinkResult> linkOnce(String parentQr, String childQr, long scannedBy) {
        if (parentQr.equals(childQr)) {
            throw Refusals.conflict(Refusals.CYCLE, "A parcel cannot contain itself");
        }
        return retry.run(() -> {
            Optional<ScanRepository.Linked> linked = transactions.execute(tx -> {
                Optional<ScanRepository.Linked> written = scans.link(parentQr, childQr, scannedBy);
                if (written.isEmpty()) {
                    tx.setRollbackOnly();
                }
                return written;
            });
            if (Objects.requireNonNull(linked).isPresent()) {
                ScanRepository.Linked done = linked.get();
                return new Outcome<>(
                        new Views.LinkResult(
                                parentQr,
                                childQr,
                                ParcelStatus.PACKED,
                                done.childCount(),
                                done.capacity(),
                                done.event()),
                        true,
                        false);
            }
            return explainRefusedLink(parentQr, childQr);
        });
    }

    private Outcome<Views.LinkResult> explainRefusedLink(String parentQr, String childQr) {
        List<ScanRepository.State> states = scans.states(List.of(parentQr, childQr));
        ScanRepository.State parent = find(states, parentQr);
        ScanRepository.State child = find(states, childQr);
        if (parent == null) {
            throw Refusals.unknown(parentQr);
        }
        if (child == null) {
            throw Refusals.unknown(childQr);
        }
        if (parent.kind() != ParcelKind.PARENT) {
            throw Refusals.conflict(Refusals.WRONG_KIND, parentQr + " is a CHILD and cannot hold parcels");
        }
        if (child.kind() != ParcelKind.CHILD) {
            throw Refusals.conflict(Refusals.WRONG_KIND, childQr + " is a PARENT and cannot go inside a parcel");
        }
        int capacity = Objects.requireNonNull(parent.capacity(), "parents have a capacity");
        if (child.parentId() != null && child.parentId() == parent.id()) {
            return new Outcome<>(
                    new Views.LinkResult(parentQr, childQr, child.status(), parent.childCount(), capacity, null),
                    false,
                    true);
        }
        if (child.parentId() != null) {
            throw Refusals.conflict(Refusals.ALREADY_LINKED, childQr + " is already inside another parent");
        }
        if (!parent.status().open()) {
            throw Refusals.conflict(
                    Refusals.PARENT_CLOSED, parentQr + " is " + parent.status() + " and cannot gain children");
        }
        if (!child.status().open()) {
            throw Refusals.conflict(
                    Refusals.INVALID_TRANSITION, childQr + " is " + child.status() + " and cannot be packed");
        }
        if (parent.childCount() >= capacity) {
            throw Refusals.parentFull(parentQr, capacity);
        }
        throw new ScanWriteRetry.Raced("link rows changed");
    }

    private static ScanRepository.@Nullable State find(List<ScanRepository.State> states, String qr) {
        return states.stream().filter(s -> s.qr().equals(qr)).findFirst().orElse(null);
    }
}
