package dev.emporium.fulfillment;

import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Parcel lookups, lists, histories and stats; STAFF or ADMIN. */
@Tag(name = "fulfillment")
@RestController
@RequestMapping("/api/v1/fulfillment")
class ParcelController {

    private final ParcelQueryService parcels;
    private final StatsService stats;

    ParcelController(ParcelQueryService parcels, StatsService stats) {
        this.parcels = parcels;
        this.stats = stats;
    }

    @Operation(operationId = "getParcel", summary = "One parcel by code, with its child count and last scan")
    @ApiResponse(responseCode = "200", description = "The parcel")
    @ApiResponse(responseCode = "404", description = "No parcel with this code")
    @GetMapping("/parcels/{qr}")
    Views.Parcel parcel(
            @Parameter(schema = @Schema(pattern = QrCodes.QR), example = "P-00001234") @PathVariable String qr) {
        requireCode("qr", qr);
        return parcels.get(qr);
    }

    @Operation(
            operationId = "listParcels",
            summary = "Parcels, newest first, filtered by status, area, parent and creation time",
            description = "Keyset pagination: pass `nextCursor` as `cursor` with the same filters. `total` is exact "
                    + "up to 10,000 matches, else the planner's estimate (`totalExact: false`).")
    @ApiResponse(responseCode = "200", description = "One page of parcels (lastScan is null in lists)")
    @GetMapping("/parcels")
    PageResponse<Views.Parcel> list(
            @Parameter(description = "Only this status") @RequestParam(required = false) @Nullable ParcelStatus status,
            @Parameter(description = "Only this area", schema = @Schema(pattern = QrCodes.AREA), example = "A07")
                    @RequestParam(required = false)
                    @Nullable
                    String area,
            @Parameter(description = "Only the children of this parent", schema = @Schema(pattern = QrCodes.QR))
                    @RequestParam(required = false)
                    @Nullable
                    String parent,
            @Parameter(
                            description = "Created at or after (ISO 8601)",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    @Nullable
                    Instant from,
            @Parameter(
                            description = "Created before (ISO 8601), after from",
                            schema = @Schema(type = "string", format = "date-time"))
                    @RequestParam(required = false)
                    @Nullable
                    Instant to,
            @Parameter(
                            description = "Page size",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "500",
                                            defaultValue = "50"))
                    @RequestParam(required = false)
                    @Nullable
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page (opaque)", schema = @Schema(maxLength = 128))
                    @RequestParam(required = false)
                    @Nullable
                    String cursor) {
        if (area != null && !area.matches(QrCodes.AREA)) {
            throw ApiException.badRequest("area", "must be 1 to 16 characters of A-Z 0-9 -");
        }
        if (parent != null) {
            requireCode("parent", parent);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("to", "must be after from");
        }
        return parcels.list(new ParcelFilter(
                status,
                area,
                parent,
                from,
                to,
                Limits.limit(limit),
                cursor == null ? null : ParcelFilter.Cursor.decode(cursor)));
    }

    @Operation(operationId = "listParcelScans", summary = "A parcel's scan events, newest first")
    @ApiResponse(responseCode = "200", description = "One page of scan events")
    @ApiResponse(responseCode = "404", description = "No parcel with this code")
    @GetMapping("/parcels/{qr}/scans")
    PageResponse<Views.ScanEvent> scans(
            @Parameter(schema = @Schema(pattern = QrCodes.QR), example = "P-00001234") @PathVariable String qr,
            @Parameter(
                            description = "Page size",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "500",
                                            defaultValue = "50"))
                    @RequestParam(required = false)
                    @Nullable
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page (opaque)", schema = @Schema(maxLength = 128))
                    @RequestParam(required = false)
                    @Nullable
                    String cursor) {
        requireCode("qr", qr);
        return parcels.history(qr, limit, cursor);
    }

    @Operation(
            operationId = "fulfillmentStats",
            summary = "Parcels by status and area, scans in the last hour and today, the busiest scanners",
            description = "Served from a materialized view refreshed off the request path every "
                    + "emporium.fulfillment.stats-refresh (10 s); `asOf` says when the figures were computed.")
    @ApiResponse(responseCode = "200", description = "The figures as of asOf")
    @GetMapping("/stats")
    Views.Stats stats() {
        return stats.current();
    }

    static void requireCode(String name, String qr) {
        if (!qr.matches(QrCodes.QR)) {
            throw ApiException.badRequest(name, "must be 6 to 40 characters of A-Z 0-9 -, starting with A-Z or 0-9");
        }
    }
}
