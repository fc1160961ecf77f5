package dev.emporium.account;

import dev.emporium.platform.ratelimit.ClientAddress;
import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only user management and the audit log; the ADMIN check is the security chain's, on /admin/**. */
@Tag(name = "account-admin")
@RestController
@RequestMapping("/api/v1/admin")
class AdminAccountController {

    private final AccountService accounts;
    private final AuditLog audit;

    AdminAccountController(AccountService accounts, AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @Operation(operationId = "changeUserRole", summary = "Change a user's role (audited)")
    @ApiResponse(responseCode = "200", description = "The user with the new role")
    @ApiResponse(responseCode = "404", description = "No user has this id")
    @ApiResponse(responseCode = "409", description = "Admins cannot change their own role")
    @PatchMapping("/users/{id}/role")
    Account changeRole(
            @Parameter(description = "User id", example = "2") @PathVariable long id,
            @Valid @RequestBody AuthRequests.ChangeRole body,
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
            HttpServletRequest request) {
        return accounts.changeRole(id, body.role(), Long.parseLong(token.getSubject()), ClientAddress.of(request));
    }

    @Operation(operationId = "listAuditEntries", summary = "The security audit log, newest first")
    @ApiResponse(responseCode = "200", description = "One page of audit entries")
    @GetMapping("/audit")
    PageResponse<AuditEntry> audit(
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
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page (opaque)", schema = @Schema(maxLength = 512))
                    @RequestParam(required = false)
                    String cursor) {
        return audit.page(Limits.limit(limit), cursor);
    }
}
