package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** Request bodies of the wallet endpoints. Exactly one recipient field must be given. */
final class WalletRequests {

    private WalletRequests() {}

    /** No control characters; written with hex escapes, which Java and the document's ECMA-262 regexes read alike. */
    static final String REFERENCE_PATTERN = "^[^\\x00-\\x1F\\x7F]*$";

    @Schema(description = "Send money to another customer, named by email or wallet account id (exactly one)")
    record NewTransfer(
            @Schema(format = "email", nullable = true, maxLength = 254) @Email @Size(max = 254) @Nullable
            String toEmail,

            @Schema(format = "int64", minimum = "1", nullable = true) @Positive @Nullable
            Long toAccountId,

            @Schema(
                    type = "integer",
                    format = "int64",
                    minimum = "1",
                    maximum = "1000000000000000",
                    description = "minor units")
            @NotNull
            BigDecimal amount,

            @Schema(nullable = true, maxLength = 140) @Size(max = 140) @Pattern(regexp = REFERENCE_PATTERN) @Nullable
            String reference) {}

    @Schema(description = "Credit a customer's wallet from the cash-in account, named by email or account id")
    record NewDeposit(
            @Schema(format = "email", nullable = true, maxLength = 254) @Email @Size(max = 254) @Nullable
            String email,

            @Schema(format = "int64", minimum = "1", nullable = true) @Positive @Nullable
            Long accountId,

            @Schema(
                    type = "integer",
                    format = "int64",
                    minimum = "1",
                    maximum = "1000000000000000",
                    description = "minor units")
            @NotNull
            BigDecimal amount,

            @Schema(nullable = true, maxLength = 140) @Size(max = 140) @Pattern(regexp = REFERENCE_PATTERN) @Nullable
            String reference) {}

    @Schema(description = "A new verification status")
    record VerificationChange(@NotNull VerificationStatus status) {}
}
