package dev.emporium.wallet;

import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** The caller's own wallet. The owner comes from the verified token, never from the request. */
@RestController
@RequestMapping("/api/v1/wallet")
@Tag(name = "wallet")
@SecurityRequirement(name = "bearer")
class WalletController {

    private final WalletService wallets;
    private final TransferService transfers;

    WalletController(WalletService wallets, TransferService transfers) {
        this.wallets = wallets;
        this.transfers = transfers;
    }

    @GetMapping
    @Operation(
            summary = "The caller's balance",
            description = "Cached per customer and invalidated by every write that touches the wallet. "
                    + "X-Cache says HIT or MISS; ETag and If-None-Match work as usual.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "the wallet",
                        headers = {
                            @Header(name = "X-Cache", schema = @Schema(allowableValues = {"HIT", "MISS"})),
                            @Header(name = "ETag", schema = @Schema(type = "string"))
                        }),
                @ApiResponse(responseCode = "304", description = "unchanged since the given ETag"),
                @ApiResponse(responseCode = "401", description = "no or invalid bearer token"),
                @ApiResponse(responseCode = "404", description = "the caller has no wallet (admins)"),
                @ApiResponse(responseCode = "503", description = "the database is busy; retry after Retry-After")
            })
    ResponseEntity<Wallet> wallet(@AuthenticationPrincipal Jwt token, WebRequest request) {
        TieredCache.Lookup<Wallet> lookup = wallets.walletLookup(owner(token));
        Wallet wallet = java.util.Objects.requireNonNull(lookup.value(), "walletLookup answers 404 rather than null");
        String etag = "\"w" + wallet.accountId() + "." + wallet.balance() + "." + wallet.currency() + "\"";
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(CacheControl.noCache().cachePrivate())
                .header("X-Cache", lookup.source().hit() ? "HIT" : "MISS");
        if (lookup.source().hit()) {
            response.header("X-Cache-Tier", lookup.source().name());
        }
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(etag)
                    .header("X-Cache", lookup.source().hit() ? "HIT" : "MISS")
                    .build();
        }
        return response.body(wallet);
    }

    @GetMapping("/transactions")
    @Operation(
            summary = "The caller's history, newest first",
            description = "Keyset pagination: pass nextCursor as cursor for the next page. total is exact up to "
                    + "10,000 entries, beyond that 10,000 with totalExact false.",
            responses = {
                @ApiResponse(responseCode = "200", description = "a page of history lines"),
                @ApiResponse(responseCode = "400", description = "bad limit or cursor"),
                @ApiResponse(responseCode = "401", description = "no or invalid bearer token"),
                @ApiResponse(responseCode = "404", description = "the caller has no wallet"),
                @ApiResponse(responseCode = "503", description = "the database is busy; retry after Retry-After")
            })
    PageResponse<LedgerEntry> transactions(
            @AuthenticationPrincipal Jwt token,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page", schema = @Schema(pattern = "^[1-9][0-9]*$"))
                    @RequestParam(required = false)
                    String cursor) {
        return wallets.history(owner(token), Limits.limit(limit), cursor);
    }

    @GetMapping("/transfers/{id}")
    @Operation(
            summary = "One transfer the caller's wallet took part in",
            responses = {
                @ApiResponse(responseCode = "200", description = "the transfer"),
                @ApiResponse(responseCode = "400", description = "the id is not a number"),
                @ApiResponse(responseCode = "401", description = "no or invalid bearer token"),
                @ApiResponse(responseCode = "404", description = "no such transfer, or not the caller's"),
                @ApiResponse(responseCode = "503", description = "the database is busy; retry after Retry-After")
            })
    Transfer transfer(
            @AuthenticationPrincipal Jwt token,
            @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1")) @PathVariable long id) {
        return wallets.transfer(owner(token), id);
    }

    @PostMapping("/transfers")
    @Operation(
            summary = "Send money to another customer",
            description = "Requires an Idempotency-Key: the same key with the same body answers the first "
                    + "transfer again (Idempotent-Replayed: true); with a different body 422. Limits: per transfer, "
                    + "per UTC day, and amounts above the verification threshold need a VERIFIED sender (422 with "
                    + "the limit in the body).",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "the transfer (also for a replay)",
                        headers = @Header(name = "Idempotent-Replayed", schema = @Schema(type = "boolean"))),
                @ApiResponse(
                        responseCode = "400",
                        description = "bad amount, recipient, reference or Idempotency-Key; nothing moved"),
                @ApiResponse(responseCode = "401", description = "no or invalid bearer token"),
                @ApiResponse(
                        responseCode = "404",
                        description = "the recipient (or the caller) has no customer wallet"),
                @ApiResponse(
                        responseCode = "422",
                        description = "insufficient funds, a limit, verification required, or the key was used "
                                + "with a different request"),
                @ApiResponse(responseCode = "503", description = "the database is busy; retry after Retry-After")
            })
    // The two headers are read from the request, not bound with @RequestHeader: binding converts each
    // value and compares the parameter's annotations on every call, 5 % of the JVM's CPU per transfer
    // in a JFR profile of scripts/bench-transfers.sh. They are documented here instead.
    @Parameter(
            in = ParameterIn.HEADER,
            name = RequestFingerprint.KEY_HEADER,
            required = true,
            schema = @Schema(type = "string", minLength = 8, maxLength = 128, pattern = RequestFingerprint.KEY_SYNTAX))
    @Parameter(
            in = ParameterIn.HEADER,
            name = "X-Request-Id",
            description = "echoed into the audit trail",
            schema = @Schema(type = "string"))
    ResponseEntity<Transfer> send(
            @AuthenticationPrincipal Jwt token,
            HttpServletRequest request,
            @Valid @RequestBody WalletRequests.NewTransfer body) {
        TransferService.Outcome outcome = transfers.transfer(
                owner(token),
                body,
                request.getHeader(RequestFingerprint.KEY_HEADER),
                RequestFingerprint.requestId(request.getHeader("X-Request-Id")));
        return created(outcome);
    }

    @GetMapping("/limits")
    @Operation(
            summary = "The caller's transfer limits and today's use",
            responses = {
                @ApiResponse(responseCode = "200", description = "limits"),
                @ApiResponse(responseCode = "401", description = "no or invalid bearer token"),
                @ApiResponse(responseCode = "404", description = "the caller has no wallet"),
                @ApiResponse(responseCode = "503", description = "the database is busy; retry after Retry-After")
            })
    WalletLimits limits(@AuthenticationPrincipal Jwt token) {
        return wallets.limits(owner(token));
    }

    static ResponseEntity<Transfer> created(TransferService.Outcome outcome) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(outcome.replayed()))
                .body(outcome.transfer());
    }

    static long owner(Jwt token) {
        return Long.parseLong(token.getSubject());
    }
}
