package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One money movement, immutable once written: {@code amount} left {@code fromAccountId} and arrived
 * at {@code toAccountId} (its two entries sum to zero). A replayed request answers the same record
 * again, read back from the same immutable row.
 */
@Schema(description = "A money movement between two wallet accounts")
public record Transfer(
        @Schema(format = "int64", minimum = "1") long id,
        TransferKind kind,
        @Schema(format = "int64", minimum = "1") long fromAccountId,
        @Schema(format = "int64", minimum = "1") long toAccountId,

        @Schema(format = "int64", minimum = "1", description = "minor units")
        long amount,

        @Schema(pattern = "^[A-Z]{3}$") String currency,
        @Schema(nullable = true, maxLength = 140) @Nullable String reference,
        @Schema(format = "date-time") Instant createdAt) {}
