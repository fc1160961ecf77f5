package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** ADMIN wallet operations; the role check is the security chain's, on /api/v1/admin/**. */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "wallet-admin")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "401", description = "no or invalid bearer token")
@ApiResponse(responseCode = "403", description = "the caller is not an ADMIN")
@ApiResponse(responseCode = "503", description = "the database is busy; retry after Retry-After")
class AdminWalletController {

    private final TransferService transfers;
    private final VerificationService verifications;
    private final WalletAuditChain chain;

    AdminWalletController(TransferService transfers, VerificationService verifications, WalletAuditChain chain) {
        this.transfers = transfers;
        this.verifications = verifications;
        this.chain = chain;
    }

    @PostMapping("/wallet/deposits")
    @Operation(
            summary = "Credit a customer's wallet from the cash-in account",
            description = "Requires an Idempotency-Key (scoped to the calling admin): same key and body replay the "
                    + "first deposit, a different body gets 422.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "the deposit (also for a replay)",
                        headers = @Header(name = "Idempotent-Replayed", schema = @Schema(type = "boolean"))),
                @ApiResponse(
                        responseCode = "400",
                        description = "bad amount, target, reference or Idempotency-Key; nothing moved"),
                @ApiResponse(responseCode = "404", description = "no customer wallet with that email or id"),
                @ApiResponse(responseCode = "422", description = "the key was used with a different request")
            })
    ResponseEntity<Transfer> deposit(
            @AuthenticationPrincipal Jwt token,
            @Parameter(
                            in = ParameterIn.HEADER,
                            name = RequestFingerprint.KEY_HEADER,
                            required = true,
                            schema =
                                    @Schema(
                                            type = "string",
                                            minLength = 8,
                                            maxLength = 128,
                                            pattern = RequestFingerprint.KEY_SYNTAX))
                    @RequestHeader(name = RequestFingerprint.KEY_HEADER, required = false)
                    String key,
            @Parameter(in = ParameterIn.HEADER, name = "X-Request-Id", description = "echoed into the audit trail")
                    @RequestHeader(name = "X-Request-Id", required = false)
                    String requestId,
            @Valid @RequestBody WalletRequests.NewDeposit body) {
        return WalletController.created(
                transfers.deposit(WalletController.owner(token), body, key, RequestFingerprint.requestId(requestId)));
    }

    @PutMapping("/customers/{id}/verification")
    @Operation(
            summary = "Set a customer's verification (KYC) status",
            description = "Audited; the cached status every transfer reads is invalidated when the change commits.",
            responses = {
                @ApiResponse(responseCode = "200", description = "the new status"),
                @ApiResponse(responseCode = "400", description = "unknown status or bad id"),
                @ApiResponse(responseCode = "404", description = "no customer with that id")
            })
    Verification setVerification(
            @AuthenticationPrincipal Jwt token,
            @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1")) @PathVariable long id,
            @Parameter(in = ParameterIn.HEADER, name = "X-Request-Id", description = "echoed into the audit trail")
                    @RequestHeader(name = "X-Request-Id", required = false)
                    String requestId,
            @Valid @RequestBody WalletRequests.VerificationChange body) {
        return verifications.set(
                id, body.status(), WalletController.owner(token), RequestFingerprint.requestId(requestId));
    }

    @GetMapping("/wallet/verification")
    @Operation(
            summary = "Verify the audit hash chain and the ledger invariants",
            description = "Seals pending audit rows first, then walks the chain and checks that every balance equals "
                    + "the sum of its entries, every transfer's entries sum to zero and no account is below zero "
                    + "that may not be. Reads whole tables: an operator's tool, not a request-path call.",
            responses = {@ApiResponse(responseCode = "200", description = "the report; ok is false on any break")})
    LedgerReport verify() {
        chain.sealPending();
        return chain.verify();
    }
}
