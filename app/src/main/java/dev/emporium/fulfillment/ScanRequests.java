package dev.emporium.fulfillment;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Request bodies of the scanning endpoints; syntax in {@link QrCodes}. */
final class ScanRequests {

    static final int MAX_BATCH_LINES = 10_000;

    private ScanRequests() {}

    @Schema(name = "ScanRequest")
    record Scan(
            @Schema(
                    description = "Client scan id; a resent scan with the same id replays the first answer. "
                            + "Required here or as the Idempotency-Key header",
                    nullable = true,
                    example = "2f1c9a7e-5b7d-4c1e-9a51-0d6f3c2b1a90")
            @Pattern(regexp = QrCodes.SCAN_ID)
            @Nullable
            String scanId,

            @Schema(example = "P-00001234") @NotNull @Pattern(regexp = QrCodes.QR)
            String qr,

            @Schema(example = "A07") @NotNull @Pattern(regexp = QrCodes.AREA)
            String area,

            @Schema(description = "Required when the code has no P-/C- prefix", nullable = true) @Nullable
            ParcelKind kind,

            @Schema(
                    description = "The status this scan leaves the parcel in; none: check in a CREATED parcel",
                    nullable = true)
            @Nullable
            ParcelStatus status,

            @Schema(description = "Capacity of a parent this scan creates", nullable = true, example = "50")
            @Min(1)
            @Max(10_000)
            @Nullable
            Integer capacity,

            @Schema(description = "The order this parcel carries", nullable = true, example = "1042")
            @Positive
            @Nullable
            Long orderId) {}

    @Schema(name = "BatchScanLine")
    record Line(
            @Schema(description = "Client scan id, unique within the batch", example = "dev7-000000042")
            @NotNull
            @Pattern(regexp = QrCodes.SCAN_ID)
            String scanId,

            @Schema(example = "C-00004711") @NotNull @Pattern(regexp = QrCodes.QR)
            String qr,

            @Schema(example = "A07") @NotNull @Pattern(regexp = QrCodes.AREA)
            String area,

            @Schema(nullable = true) @Nullable ParcelKind kind,
            @Schema(nullable = true) @Nullable ParcelStatus status,

            @Schema(nullable = true) @Min(1) @Max(10_000) @Nullable
            Integer capacity,

            @Schema(nullable = true) @Positive @Nullable Long orderId) {}

    @Schema(name = "BatchScanRequest")
    record Batch(
            @Schema(description = "1 to 10,000 scans, applied in this order")
            @NotNull
            @Size(min = 1, max = MAX_BATCH_LINES)
            List<@Valid @NotNull Line> scans) {}

    @Schema(name = "LinkChildRequest")
    record Link(
            @Schema(example = "C-00004711") @NotNull @Pattern(regexp = QrCodes.QR)
            String childQr) {}
}
