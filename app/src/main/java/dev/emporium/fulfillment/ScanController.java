package dev.emporium.fulfillment;

import dev.emporium.platform.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Scans, batches of scans and child links; STAFF or ADMIN (the security chain's check). */
@Tag(name = "fulfillment")
@RestController
@RequestMapping("/api/v1/fulfillment")
class ScanController {

    private static final String KEY_HEADER = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";

    private final ScanService scans;
    private final BatchScanService batches;
    private final FulfillmentProperties properties;

    ScanController(ScanService scans, BatchScanService batches, FulfillmentProperties properties) {
        this.scans = scans;
        this.batches = batches;
        this.properties = properties;
    }

    @Operation(
            operationId = "scanParcel",
            summary = "Record one scan; creates the parcel on its first scan",
            description = "The kind comes from the code's prefix (P- parent, C- child) or `kind`. `status` is the "
                    + "status the scan leaves the parcel in (CREATED → SCANNED_IN → PACKED → DISPATCHED → DELIVERED, "
                    + "no skipping, no going back; the current status again is a location scan); without it a "
                    + "CREATED parcel is checked in and any other stays as it is. A parent dispatched or delivered "
                    + "carries its children along. Idempotent: the client scan id (`scanId` or the "
                    + "Idempotency-Key header, one of them required) replays the first answer when the scan is "
                    + "sent again (Idempotent-Replayed: true), and is 422 with different content.")
    @ApiResponse(
            responseCode = "201",
            description = "The scan event (also for a replay)",
            headers = @Header(name = REPLAYED, schema = @Schema(type = "boolean")))
    @ApiResponse(responseCode = "404", description = "A scan to PACKED, DISPATCHED or DELIVERED of an unknown code")
    @ApiResponse(
            responseCode = "409",
            description =
                    "The parcel's state refuses the scan (code: invalid_transition, wrong_kind, "
                            + "travels_with_parent, order_mismatch), or orderId names no order (unknown_order); nothing written")
    @ApiResponse(
            responseCode = "422",
            description = "The scan id was already used for a different scan (scan_id_reused)")
    @PostMapping("/scans")
    ResponseEntity<Views.ScanResult> scan(
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
            @Parameter(
                            in = ParameterIn.HEADER,
                            name = KEY_HEADER,
                            description = "The client scan id, if not in the body",
                            schema = @Schema(minLength = 8, maxLength = 64, pattern = QrCodes.SCAN_ID))
                    @RequestHeader(name = KEY_HEADER, required = false)
                    @Nullable
                    String key,
            @Valid @RequestBody ScanRequests.Scan body) {
        String scanId = scanId(body.scanId(), key);
        ScanCommand command = ScanCommand.of(
                scanId,
                body.qr(),
                body.kind(),
                body.area(),
                body.status(),
                body.capacity(),
                body.orderId(),
                properties.defaultCapacity());
        ScanService.Outcome<Views.ScanResult> outcome = scans.scan(command, user(token));
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(REPLAYED, Boolean.toString(outcome.replayed()))
                .body(outcome.body());
    }

    @Operation(
            operationId = "scanParcelBatch",
            summary = "Record up to 10,000 scans in one request",
            description = "Lines apply in order in one transaction (multi-row statements and COPY). Malformed "
                    + "input rejects the whole batch with 400 naming every bad line (`errors`, keyed "
                    + "`scans[i].field`); nothing is written. Lines the parcels' state refuses are rejected alone, "
                    + "listed in `rejected` with a code and reason, and the other lines are applied. Lines whose "
                    + "scan id was already recorded are counted as `replayed`. The body is limited to 1 MiB "
                    + "(10,000 typical lines of ~70 bytes fit).")
    @ApiResponse(responseCode = "200", description = "What was applied, replayed and rejected")
    @ApiResponse(
            responseCode = "409",
            description = "A line's orderId names no order (code unknown_order): the whole batch is refused "
                    + "and nothing is written")
    @PostMapping("/scans:batch")
    Views.BatchResult batch(
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt token, @Valid @RequestBody ScanRequests.Batch body) {
        List<ScanRequests.Line> lines = body.scans();
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<ScanCommand> commands = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ScanRequests.Line line = lines.get(i);
            String prefix = "scans[" + i + "].";
            Map<String, String> problems = ScanCommand.problems(prefix, line.qr(), line.kind(), line.capacity());
            Integer earlier = seen.putIfAbsent(line.scanId(), i);
            if (earlier != null) {
                problems.put(prefix + "scanId", "repeats the scan id of line " + earlier);
            }
            if (!problems.isEmpty()) {
                errors.putAll(problems);
                continue;
            }
            commands.add(ScanCommand.resolved(
                    line.scanId(),
                    line.qr(),
                    line.kind(),
                    line.area(),
                    line.status(),
                    line.capacity(),
                    line.orderId(),
                    properties.defaultCapacity()));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "Invalid request",
                    errors.size() + " invalid field(s); nothing was written",
                    errors);
        }
        return batches.apply(commands, user(token));
    }

    @Operation(
            operationId = "linkChildParcel",
            summary = "Put a child parcel into a parent",
            description = "The child must be a CHILD in no parent yet, not dispatched; the parent a PARENT below its "
                    + "capacity and not dispatched. Linking packs the child (status PACKED, the parent's area) and "
                    + "records a LINKED event. Linking a child to the parent it is already in changes nothing (200).")
    @ApiResponse(responseCode = "201", description = "Linked now")
    @ApiResponse(responseCode = "200", description = "The child already was in this parent; nothing changed")
    @ApiResponse(responseCode = "404", description = "No parcel with the parent's or the child's code")
    @ApiResponse(
            responseCode = "409",
            description = "Refused, nothing written (code: already_linked, parent_full + capacity, parent_closed, "
                    + "wrong_kind, cycle, invalid_transition)")
    @PostMapping("/parcels/{parentQr}/children")
    ResponseEntity<Views.LinkResult> link(
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
            @Parameter(
                            description = "The parent's code",
                            schema = @Schema(pattern = QrCodes.QR),
                            example = "P-00001234")
                    @PathVariable
                    String parentQr,
            @Valid @RequestBody ScanRequests.Link body) {
        ParcelController.requireCode("parentQr", parentQr);
        ScanService.Outcome<Views.LinkResult> outcome = scans.link(parentQr, body.childQr(), user(token));
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(outcome.body());
    }

    private static String scanId(@Nullable String body, @Nullable String header) {
        if (header != null && !header.matches(QrCodes.SCAN_ID)) {
            throw ApiException.badRequest(KEY_HEADER, "must be 8 to 64 characters of A-Z a-z 0-9 . _ : -");
        }
        if (body != null && header != null && !body.equals(header)) {
            throw ApiException.badRequest("scanId", "differs from the Idempotency-Key header");
        }
        String id = body != null ? body : header;
        if (id == null) {
            throw ApiException.badRequest("scanId", "is required (or send the Idempotency-Key header)");
        }
        return id;
    }

    static long user(Jwt token) {
        return Long.parseLong(token.getSubject());
    }
}
