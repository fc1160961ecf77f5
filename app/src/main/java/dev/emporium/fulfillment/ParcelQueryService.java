package dev.emporium.fulfillment;

import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Parcel reads: one by code (one statement: the parcel, its parent's code, its last scan), lists
 * and a parcel's history. Totals follow the catalog's rule: the planner's estimate first (EXPLAIN,
 * no rows read); only a small match is counted exactly, capped at 10,000.
 */
@Service
class ParcelQueryService {

    private final ParcelRepository parcels;

    ParcelQueryService(ParcelRepository parcels) {
        this.parcels = parcels;
    }

    Views.Parcel get(String qr) {
        return parcels.find(qr).orElseThrow(() -> Refusals.unknown(qr));
    }

    PageResponse<Views.Parcel> list(ParcelFilter filter) {
        List<Views.Parcel> rows = parcels.findPage(filter);
        boolean more = rows.size() > filter.limit();
        List<Views.Parcel> items = more ? rows.subList(0, filter.limit()) : rows;
        String next = null;
        if (more) {
            Views.Parcel last = items.getLast();
            next = ParcelFilter.Cursor.of(last.createdAt(), last.id()).encode();
        }
        long estimate = parcels.estimateCount(filter);
        long total = estimate;
        boolean exact = false;
        if (estimate <= 2L * ParcelRepository.EXACT_COUNT_CAP) {
            long capped = parcels.countCapped(filter);
            exact = capped <= ParcelRepository.EXACT_COUNT_CAP;
            total = exact ? capped : Math.max(capped, estimate);
        }
        return new PageResponse<>(List.copyOf(items), filter.limit(), 0, total, exact, next);
    }

    PageResponse<Views.ScanEvent> history(String qr, @Nullable Integer limit, @Nullable String cursor) {
        int size = Limits.limit(limit);
        ParcelFilter.Cursor position = cursor == null ? null : ParcelFilter.Cursor.decode(cursor);
        long id = parcels.idOf(qr).orElseThrow(() -> Refusals.unknown(qr));
        List<Views.ScanEvent> rows = parcels.history(id, size, position);
        boolean more = rows.size() > size;
        List<Views.ScanEvent> items = more ? rows.subList(0, size) : rows;
        String next = null;
        if (more) {
            Views.ScanEvent last = items.getLast();
            next = ParcelFilter.Cursor.of(last.scannedAt(), last.id()).encode();
        }
        long capped = parcels.historyCountCapped(id);
        boolean exact = capped <= ParcelRepository.EXACT_COUNT_CAP;
        return new PageResponse<>(
                List.copyOf(items), size, 0, exact ? capped : ParcelRepository.EXACT_COUNT_CAP, exact, next);
    }
}
