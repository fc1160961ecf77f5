package dev.emporium.fulfillment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response bodies of the fulfillment endpoints. */
final class Views {

    private Views() {}

    @Schema(name = "ScanEvent", description = "One scan of a parcel: who, when, where, and the status it left")
    record ScanEvent(
            @Schema(example = "981234") long id,
            ScanAction action,
            ParcelStatus status,
            @Schema(example = "A07") String area,

            @Schema(description = "User id of the scanner", example = "17")
            long scannedBy,

            Instant scannedAt,

            @Schema(description = "The client's scan id; null for events the server made", nullable = true) @Nullable
            String scanId) {}

    @Schema(name = "ScanResult", description = "What one scan recorded")
    record ScanResult(
            @Schema(example = "P-00001234") String qr,
            ParcelKind kind,

            @Schema(description = "Whether this scan created the parcel")
            boolean parcelCreated,

            ScanEvent event) {}

    @Schema(name = "Parcel")
    record Parcel(
            @Schema(example = "1234") long id,
            @Schema(example = "P-00001234") String qr,
            ParcelKind kind,
            ParcelStatus status,
            @Schema(example = "A07") String area,

            @Schema(description = "The parent's code (children only)", nullable = true) @Nullable
            String parentQr,

            @Schema(nullable = true, example = "1042") @Nullable
            Long orderId,

            @Schema(description = "Parents only", nullable = true, example = "50") @Nullable
            Integer capacity,

            @Schema(description = "Children in this parent; 0 for children", example = "12")
            int childCount,

            Instant createdAt,
            Instant updatedAt,

            @Schema(description = "The newest scan event (detail only; absent in lists)")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Nullable
            ScanEvent lastScan) {}

    @Schema(name = "LinkResult")
    record LinkResult(
            @Schema(example = "P-00001234") String parentQr,
            @Schema(example = "C-00004711") String childQr,
            ParcelStatus childStatus,
            @Schema(example = "13") int childCount,
            @Schema(example = "50") int capacity,

            @Schema(description = "The LINKED event; absent when the child already was in this parent")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Nullable
            ScanEvent event) {}

    @Schema(name = "RejectedScanLine")
    record RejectedLine(
            @Schema(description = "0-based index in scans", example = "17")
            int line,

            String scanId,
            String qr,

            @Schema(
                    description = "invalid_transition, wrong_kind, unknown_parcel, travels_with_parent, "
                            + "order_mismatch, scan_id_reused",
                    example = "invalid_transition")
            String code,

            @Schema(example = "DELIVERED → SCANNED_IN is not a transition")
            String reason) {}

    @Schema(name = "BatchScanResult")
    record BatchResult(
            @Schema(example = "10000") int lines,

            @Schema(description = "Lines recorded as new scan events", example = "9998")
            int accepted,

            @Schema(description = "Lines already recorded under their scan id (a resent batch)", example = "0")
            int replayed,

            @Schema(example = "120") int parcelsCreated,
            List<RejectedLine> rejected) {}

    @Schema(name = "StatusCount")
    record StatusCount(
            ParcelStatus status, @Schema(example = "812") long parcels) {}

    @Schema(name = "AreaCount")
    record AreaCount(
            @Schema(example = "A07") String area,
            @Schema(example = "812") long parcels) {}

    @Schema(name = "StatusAreaCount")
    record StatusAreaCount(
            ParcelStatus status, @Schema(example = "A07") String area, long parcels) {}

    @Schema(name = "ScannerCount")
    record ScannerCount(
            @Schema(description = "User id", example = "17") long scannedBy, long scans) {}

    @Schema(name = "FulfillmentStats")
    record Stats(
            @Schema(description = "When the figures were computed (refreshed off the request path)")
            Instant asOf,

            List<StatusCount> byStatus,
            List<AreaCount> byArea,
            List<StatusAreaCount> byStatusAndArea,
            long scansLastHour,
            @Schema(description = "Since midnight UTC") long scansToday,

            @Schema(description = "The ten busiest scanners today")
            List<ScannerCount> busiestScanners) {}
}
