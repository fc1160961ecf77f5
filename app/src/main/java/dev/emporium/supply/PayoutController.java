package dev.emporium.supply;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Payouts to suppliers through the wallet ledger. ADMIN only. */
@Tag(name = "supply-admin")
@RestController
class PayoutController {

    private static final String KEY_HEADER = "Idempotency-Key";

    private final PayoutService payouts;

    PayoutController(PayoutService payouts) {
        this.payouts = payouts;
    }

    @Operation(
            operationId = "paySupplier",
            summary = "Pay a supplier through the wallet ledger",
            description = "A SUPPLIER_PAYOUT transfer from the shop's supplier-payouts account to the supplier's "
                    + "account, in the supplier's currency. Requires an Idempotency-Key (scoped to the calling admin, "
                    + "the wallet's key store): same key and body replay the first payout, a different body gets 422.")
    @ApiResponse(
            responseCode = "201",
            description = "The payout (also for a replay)",
            headers = @Header(name = "Idempotent-Replayed", schema = @Schema(type = "boolean")))
    @ApiResponse(responseCode = "404", description = "No supplier has this id")
    @ApiResponse(responseCode = "422", description = "The key was used with a different request")
    @PostMapping("/api/v1/admin/supply/suppliers/{id}/payouts")
    ResponseEntity<Payout> pay(
            @AuthenticationPrincipal Jwt token,
            @Parameter(description = "Supplier id", example = "1") @PathVariable long id,
            @Parameter(
                            in = ParameterIn.HEADER,
                            name = KEY_HEADER,
                            required = true,
                            schema =
                                    @Schema(
                                            type = "string",
                                            minLength = 8,
                                            maxLength = 128,
                                            pattern = "^[A-Za-z0-9._:-]{8,128}$"))
                    @RequestHeader(name = KEY_HEADER, required = false)
                    String key,
            @Parameter(in = ParameterIn.HEADER, name = "X-Request-Id", description = "echoed into the audit trail")
                    @RequestHeader(name = "X-Request-Id", required = false)
                    String requestId,
            @Valid @RequestBody NewPayout body) {
        PayoutService.Outcome outcome = payouts.pay(Long.parseLong(token.getSubject()), id, body, key, requestId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(outcome.replayed()))
                .body(outcome.payout());
    }
}
